using CsCheck;

namespace Upgrade.HostileInput.Tests;

/// <summary>Strings that break naive parsers and validators: odd Unicode, control characters, YAML and JSON syntax, long runs.</summary>
internal static class HostileStrings
{
    private static readonly string[] Pool =
    [
        string.Empty, " ", "\t", "~", "null", "NULL", "true", "no", "0x1F", "1e999", "-0", ".inf", ".nan", "'", "\"", "\\", "\\u0000",
        "..", "../..", "/", "//", "/etc/app/../../x", "C:\\Windows", "\\\\server\\share", "%2e%2e%2f", "a\u0000b", "\u0007", "\u001b[31m",
        "\u202eevil", "\u200b", "\ufeff", "\ufffe", "\uffff", "e\u0301\u0301\u0301", "\ud83d\ude00", "\ud800", "\udfff", "\u0130", "\u00df",
        "\u0430pp", "\uff41pp", "\u2028", "\u0085", "*alias", "&anchor", "!tag", "!!binary", "<<", "? x", "- x", "{a: b}", "[a, b]", "|", ">-",
        "#", "@", "`", "%", "key: value", "a\nb", "a\r\nb", "sha256:", "sha256:" + new string('A', 64), "sha256:" + new string('g', 64),
        "https://user:pass@host/x", "file:///etc/passwd", "ftp://host/x", "http://host/x", "javascript:alert(1)", "https://[::1]:99999/",
        "https://host/x", "registry/app@sha256:" + new string('a', 64), "registry/app:latest",
    ];

    /// <summary>A hostile or ordinary string; one in eight is long (up to 3,000 characters).</summary>
    public static readonly Gen<string> Any = Gen.Frequency(
        (6, Gen.OneOf(Pool)),
        (4, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_.:/@"], 0, 24]),
        (2, Gen.String[Gen.Char['\u0000', '\u007f'], 0, 16]),
        (2, Gen.String[Gen.Char['\u0080', '\uffff'], 0, 16]),
        (1, Gen.Select(Gen.Int[100, 3_000], Gen.Char, (n, c) => new string(c, n))),
        (1, Gen.Select(Gen.Int[1, 400], n => string.Concat(Enumerable.Repeat("\u0301", n)))));
}
