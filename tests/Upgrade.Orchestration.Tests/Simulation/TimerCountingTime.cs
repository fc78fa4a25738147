using Microsoft.Extensions.Time.Testing;

namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>
/// A fake clock that tells when timers have been created. A test that moves the clock once must wait for the timer it
/// means to fire: a timer created after the move is due a whole move later, and the test would wait for it forever.
/// </summary>
internal class TimerCountingTime : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _timersCreated;

    public TimerCountingTime()
    {
    }

    public TimerCountingTime(DateTimeOffset startDateTime)
        : base(startDateTime)
    {
    }

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    /// <summary>Completes once at least <paramref name="count"/> timers have been created.</summary>
    public Task WaitForTimersAsync(int count)
    {
        lock (_gate)
        {
            if (_timersCreated >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, DueTimeOf(dueTime), period);
        lock (_gate)
        {
            _timersCreated++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _timersCreated).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return timer;
    }

    /// <summary>The due time the timer gets; a derived clock may round it as a real one does.</summary>
    protected virtual TimeSpan DueTimeOf(TimeSpan dueTime) => dueTime;
}
