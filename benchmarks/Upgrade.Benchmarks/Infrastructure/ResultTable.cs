using System.Globalization;
using System.Text;

namespace Upgrade.Benchmarks;

/// <summary>
/// One benchmark's printed result: a markdown table whose first column names the case and whose last column is the
/// ratio to the baseline row measured in the same run, then one line per target with its verdict.
/// </summary>
public sealed class ResultTable
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public ResultTable(string title, params string[] columns)
    {
        Title = title;
        Columns = columns;
    }

    public string Title { get; }

    public IReadOnlyList<string> Columns { get; }

    public void AddRow(params string[] cells)
    {
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"A row needs {Columns.Count} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Adds a line under the table: a target and whether it was met, or what a number means.</summary>
    public void AddNote(string note) => _notes.Add(note);

    public string Render()
    {
        var widths = Columns.Select((c, i) => Math.Max(c.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var builder = new StringBuilder();
        builder.Append("## ").AppendLine(Title);
        AppendRow(builder, Columns, widths);
        builder.Append('|');
        foreach (var width in widths)
        {
            builder.Append(new string('-', width + 2)).Append('|');
        }

        builder.AppendLine();
        foreach (var row in _rows)
        {
            AppendRow(builder, row, widths);
        }

        foreach (var note in _notes)
        {
            builder.AppendLine(note);
        }

        return builder.ToString();
    }

    public static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    public static string Milliseconds(double milliseconds) => milliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double ratio) => ratio.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Mebibytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string Verdict(bool met) => met ? "met" : "MISSED";

    private static void AppendRow(StringBuilder builder, IReadOnlyList<string> cells, int[] widths)
    {
        builder.Append('|');
        for (var i = 0; i < cells.Count; i++)
        {
            builder.Append(' ').Append(cells[i].PadRight(widths[i])).Append(" |");
        }

        builder.AppendLine();
    }
}
