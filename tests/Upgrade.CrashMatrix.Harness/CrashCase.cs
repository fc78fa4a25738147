namespace Upgrade.CrashMatrix;

/// <summary>Where a case must end.</summary>
public enum ExpectedEnd
{
    /// <summary>The upgrade completes: the node equals golden-new.</summary>
    New,

    /// <summary>The upgrade is compensated: the node equals golden-old.</summary>
    Old,
}

/// <summary>
/// One case of the matrix: an upgrade of a fresh node, killed at each of <see cref="Points"/> in turn (one per run,
/// each on the run after the previous kill), then restarted until it exits.
/// </summary>
public sealed record CrashCase(string Kind, string Name, IReadOnlyList<string> Points, string? FailAction, ExpectedEnd Expected)
{
    public override string ToString() => Name;

    /// <summary>A clean run: no kill.</summary>
    public static CrashCase Clean(string? failAction) => new("golden", failAction is null ? "golden-new" : "golden-old-" + failAction, [], failAction, failAction is null ? ExpectedEnd.New : ExpectedEnd.Old);

    /// <summary>One kill at each forward point.</summary>
    public static IEnumerable<CrashCase> EveryForwardPoint(bool withStall, bool withCleanup)
        => CrashPoints.Forward(withStall, withCleanup).Select(p => new CrashCase("single kill", p, [p], null, ExpectedEnd.New));

    /// <summary>A failure injected at each action, with one kill at each step of its compensation.</summary>
    public static IEnumerable<CrashCase> EveryCompensationPoint(IEnumerable<string>? failActions = null)
        => (failActions ?? CrashPoints.Actions).SelectMany(a => CrashPoints.Compensation(a).Select(p => new CrashCase("failure + kill in compensation", "fail " + a + ", " + p, [p], a, ExpectedEnd.Old)));

    /// <summary>Seeded random pairs of kills in one upgrade, one in three with a failure injected as well.</summary>
    public static IEnumerable<CrashCase> RandomDoubleKills(int seed, int count, bool withStall, bool withCleanup)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            string? fail = null;
            IReadOnlyList<string> points;
            if (random.Next(3) == 0)
            {
                fail = CrashPoints.Actions[random.Next(CrashPoints.Actions.Count)];
                points = [.. CrashPoints.ForwardUntil(fail, withStall), .. CrashPoints.Compensation(fail)];
            }
            else
            {
                points = CrashPoints.Forward(withStall, withCleanup);
            }

            var first = random.Next(points.Count - 1);
            var second = first + 1 + random.Next(points.Count - first - 1);
            var name = $"seed {seed}#{i}: " + (fail is null ? string.Empty : "fail " + fail + ", ") + points[first] + " + " + points[second];
            yield return new CrashCase("random double kill", name, [points[first], points[second]], fail, fail is null ? ExpectedEnd.New : ExpectedEnd.Old);
        }
    }
}
