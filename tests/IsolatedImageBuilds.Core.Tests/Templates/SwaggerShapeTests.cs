using IsolatedImageBuilds.Core.Templates;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Templates;

public class SwaggerShapeTests
{
    [Fact]
    public void CompiledShapeIsGeneratedFromTheRestSpecification()
    {
        var expected = SwaggerShapeGenerator.GenerateCSharp(TemplateApiVersions.V2024_02_01, TemplateApiVersions.V2025_10_01);
        if (Environment.GetEnvironmentVariable("AIB_UPDATE_SWAGGER_SHAPES") == "1")
        {
            File.WriteAllText(SwaggerShapeGenerator.GeneratedFile, expected);
        }

        var actual = File.ReadAllText(SwaggerShapeGenerator.GeneratedFile).Replace("\r\n", "\n");
        Assert.True(expected == actual, "SwaggerShapeData.g.cs is out of date: run with AIB_UPDATE_SWAGGER_SHAPES=1 to regenerate it.");
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
        var shape = SwaggerShape.For(TemplateApiVersions.V2024_02_01)!;
        Assert.Null(shape.Definition("ImageTemplateSharedImageDistributor")["properties"]!["replicationMode"]);
        Assert.Null(shape.Definition("ImageTemplateProperties")["properties"]!["additionalDataDisks"]);
        Assert.Null(SwaggerShape.For("2023-07-01"));
    }
}
