using System.Globalization;

namespace Upgrade.Benchmarks.Tests;

/// <summary>Reads back a printed <see cref="ResultTable"/>: its rows by first cell, and the ratio column.</summary>
public sealed class PrintedTable
{
    private PrintedTable(string text, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Text = text;
        Header = header;
        Rows = rows;
    }

    public string Text { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public IReadOnlyList<string> Cases => [.. Rows.Select(r => r[0])];

    public static PrintedTable Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('|')).ToList();
        lines.Count.ShouldBeGreaterThanOrEqualTo(3, "a table has a header, a separator and at least one row:\n" + text);
        static string[] Cells(string line) => [.. line.Trim('|').Split('|').Select(c => c.Trim())];
        return new PrintedTable(text, Cells(lines[0]), [.. lines.Skip(2).Select(Cells)]);
    }

    /// <summary>Asserts that the last column is "ratio" and that every row's ratio is a positive number; returns them.</summary>
    public IReadOnlyList<double> AssertPositiveRatios()
    {
        Header[^1].ShouldBe("ratio");
        var ratios = new List<double>();
        foreach (var row in Rows)
        {
            double.TryParse(row[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio).ShouldBeTrue($"the ratio of '{row[0]}' is '{row[^1]}'");
            ratio.ShouldBeGreaterThan(0, $"the ratio of '{row[0]}'");
            double.IsFinite(ratio).ShouldBeTrue();
            ratios.Add(ratio);
        }

        return ratios;
    }
}
