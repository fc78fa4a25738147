using System.Globalization;
using System.Text;

namespace Upgrade.CrashMatrix;

/// <summary>The summary of a matrix: one row per runtime and kind of case, and the problems found.</summary>
public static class CrashTable
{
    public static string Format(string runtime, IEnumerable<CaseResult> results, TimeSpan elapsed)
    {
        var all = results.ToList();
        var text = new StringBuilder();
        text.AppendLine("| runtime | kind | cases | points tried (kills) | ended new | ended old | mixed | needed a person | other problems |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in all.GroupBy(r => r.Case.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row(group.Key, group.ToList());
        }

        Row("all", all);
        text.AppendLine(CultureInfo.InvariantCulture, $"wall time: {elapsed.TotalSeconds:F1} s; case time: mean {(all.Count == 0 ? 0 : all.Average(r => r.Elapsed.TotalSeconds)):F1} s, max {(all.Count == 0 ? 0 : all.Max(r => r.Elapsed.TotalSeconds)):F1} s");
        return text.ToString();

        void Row(string kind, List<CaseResult> rows)
        {
            var other = rows.Count(r => r.End != CaseEnd.Mixed && !r.NeededPerson && r.Problems.Count > 0);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {runtime} | {kind} | {rows.Count} | {rows.Sum(r => r.Killed.Count)} | {rows.Count(r => r.End == CaseEnd.New)} | {rows.Count(r => r.End == CaseEnd.Old)} | {rows.Count(r => r.End == CaseEnd.Mixed)} | {rows.Count(r => r.NeededPerson)} | {other} |");
        }
    }

    /// <summary>Writes the table next to the test assembly and returns its path.</summary>
    public static string Write(string runtime, string table)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "crash-matrix-" + runtime + ".md");
        File.WriteAllText(path, table);
        return path;
    }
}
