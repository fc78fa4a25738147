using Microsoft.Extensions.Time.Testing;

namespace Upgrade.Executor.Tests;

internal static class FakeTimeExtensions
{
    /// <summary>Advances fake time in steps until the task completes, so that timers inside it fire without real sleeps.</summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            // Let the task reach its next timer before moving the clock.
            await Task.Yield();
            await Task.Delay(1);
            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
