using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Engine;

public sealed class HealthDelayTests
{
    [Theory]
    [InlineData(0.5, 15_000, 1)]
    [InlineData(0.001, 15_000, 1)]
    [InlineData(0.999, 0.5, 1)]
    [InlineData(7, 15_000, 7)]
    [InlineData(60_000, 15_000, 15_000)]
    public void The_next_wait_is_the_shorter_of_remaining_and_poll_but_at_least_one_millisecond(double remainingMs, double pollMs, double expectedMs)
    {
        RolloutRun.HealthDelayOf(TimeSpan.FromMilliseconds(remainingMs), TimeSpan.FromMilliseconds(pollMs))
            .ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Fact]
    public async Task A_sub_millisecond_remainder_waits_for_the_clock_instead_of_spinning()
    {
        // Timers of the system clock count whole milliseconds: 0.5 ms becomes 0 ms and fires at once, so a window
        // with 0.5 ms left would loop without waiting. This clock rounds the same way and counts the waits.
        var time = new WholeMillisecondTime();
        var end = time.GetUtcNow() + TimeSpan.FromTicks(5_000);
        var loop = Task.Run(async () =>
        {
            while (end - time.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
            {
                await Task.Delay(RolloutRun.HealthDelayOf(remaining, TimeSpan.FromSeconds(15)), time);
            }
        });

        // The clock moves only once the loop's timer exists: a timer created after the move would wait forever.
        await time.WaitForTimersAsync(1);
        loop.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));
        await loop;
        time.TimersCreated.ShouldBe(1);
    }

    private sealed class WholeMillisecondTime : TimerCountingTime
    {
        protected override TimeSpan DueTimeOf(TimeSpan dueTime) => TimeSpan.FromMilliseconds(Math.Floor(dueTime.TotalMilliseconds));
    }
}
