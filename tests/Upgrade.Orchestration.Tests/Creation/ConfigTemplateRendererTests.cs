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

    [Fact]
    public void Render_NodeVariableDeferred_IsLeftInPlaceAndNotMissing()
    {
        var result = ConfigTemplateRenderer.Render("chain={{ chain }} moniker={{ node.moniker }} x={{ x }}", new Dictionary<string, string> { ["chain"] = "mocha" }, out var missing, deferNodeVariables: true);

        result.ShouldBe("chain=mocha moniker={{ node.moniker }} x={{ x }}");
        missing.ShouldBe(["x"]);
    }

    [Fact]
    public void Render_MalformedPlaceholderBesideADeferredNodeVariable_IsReported()
    {
        ConfigTemplateRenderer.Render("a={{ node.a }} b={{ b", new Dictionary<string, string>(), out var missing, deferNodeVariables: true);

        missing.ShouldHaveSingleItem().ShouldContain("malformed");
    }

    [Fact]
    public void NodeVariablesUsedBy_ListsTheNodeNamesOfEveryFile()
    {
        ConfigFile[] files =
        [
            ConfigFile.Create("/etc/a.toml", "m={{ node.moniker }} p={{node.p2p_port}}"u8.ToArray()),
            ConfigFile.Create("/etc/b.toml", "m={{ node.moniker }} c={{ chain }}"u8.ToArray()),
        ];

        ConfigTemplateRenderer.NodeVariablesUsedBy(files).ShouldBe(["moniker", "p2p_port"]);
    }

    [Fact]
    public void RenderForNode_CapturedValues_RenderTheFilesThatUseThemAndKeepTheOthers()
    {
        var plain = ConfigFile.Create("/etc/plain.toml", "x=1"u8.ToArray());
        ConfigFile[] files = [ConfigFile.Create("/etc/node.toml", "moniker={{ node.moniker }}"u8.ToArray()), plain];

        var rendered = ConfigTemplateRenderer.RenderForNode(files, new Dictionary<string, string> { ["moniker"] = "validator-7" });

        System.Text.Encoding.UTF8.GetString(rendered[0].Content.Span).ShouldBe("moniker=validator-7");
        rendered[0].Checksum.ShouldBe(Sha256Checksum.Compute("moniker=validator-7"u8));
        rendered[1].ShouldBeSameAs(plain);
        ConfigTemplateRenderer.RenderForNode(files, ConfigTemplateRenderer.NoVariables).ShouldBeSameAs(files);
    }
}
