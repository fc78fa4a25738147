namespace Upgrade.Orchestration.Tests.Creation;

public sealed class ConfigTemplateRendererTests
{
    [Fact]
    public void Render_AllVariablesDefined_SubstitutesAndKeepsOtherText()
    {
        var result = ConfigTemplateRenderer.Render("a={{a}} b={{ b.c }} {not} {{ a }}", new Dictionary<string, string> { ["a"] = "1", ["b.c"] = "" }, out var missing);

        result.ShouldBe("a=1 b= {not} 1");
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Render_UndefinedVariable_IsReportedNotEmptied()
    {
        ConfigTemplateRenderer.Render("x={{ x }} y={{ y }} x={{x}}", new Dictionary<string, string>(), out var missing);

        missing.ShouldBe(["x", "y"]);
    }

    [Fact]
    public void Render_MalformedPlaceholder_IsReported()
    {
        ConfigTemplateRenderer.Render("x={{ x", new Dictionary<string, string> { ["x"] = "1" }, out var missing);

        missing.Count.ShouldBe(1);
    }
}
