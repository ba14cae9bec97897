using IsolatedImageBuilds.Build;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Templates;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Templates;

public class SwaggerShapeTests
{
    [Fact]
    public void CompiledShapeIsGeneratedFromTheRestSpecification()
    {
        var expected = SwaggerShapeGenerator.GenerateCSharp(Path.Combine(TestPaths.Reference, "imagebuilder-rest"), SwaggerShapeGenerator.ApiVersions);
        var generatedFile = Path.Combine(TestPaths.RepoRoot, "src", "IsolatedImageBuilds.Core", "Templates", "SwaggerShapeData.g.cs");
        var actual = File.ReadAllText(generatedFile);
        Assert.True(expected == actual, "SwaggerShapeData.g.cs differs from a fresh generation: run 'dotnet pwsh ./build.ps1 -Task Generate'.");
    }

    [Theory]
    [InlineData("2024-02-01", "ImageTemplateVmProfile", "vmSize")]
    [InlineData("2024-02-01", "VirtualNetworkConfig", "containerInstanceSubnetId")]
    [InlineData("2025-10-01", "ImageTemplateSharedImageDistributor", "replicationMode")]
    [InlineData("2025-10-01", "ImageTemplateProperties", "additionalDataDisks")]
    public void ShapeKnowsTheFieldsOfEachVersion(string apiVersion, string definition, string property)
    {
        var shape = SwaggerShape.For(apiVersion)!;
        Assert.NotNull(shape.Definition(definition)["properties"]![property]);
    }

    [Fact]
    public void NewerFieldsAreAbsentFromTheOlderShape()
    {
        var shape = SwaggerShape.For(ArmApiVersions.ImageTemplates)!;
        Assert.Null(shape.Definition("ImageTemplateSharedImageDistributor")["properties"]!["replicationMode"]);
        Assert.Null(shape.Definition("ImageTemplateProperties")["properties"]!["additionalDataDisks"]);
        Assert.Null(SwaggerShape.For("2023-07-01"));
    }
}
