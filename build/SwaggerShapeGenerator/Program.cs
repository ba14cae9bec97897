// Usage: SwaggerShapeGenerator --reference <tests/reference> --out <SwaggerShapeData.g.cs>
// Writes the file only when its content changes (byte for byte), and says which it did.
using IsolatedImageBuilds.Build;

string? reference = null, output = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--reference": reference = args[i + 1]; break;
        case "--out": output = args[i + 1]; break;
        default: Console.Error.WriteLine($"Unknown argument '{args[i]}'."); return 2;
    }
}
if (reference is null || output is null)
{
    Console.Error.WriteLine("Usage: SwaggerShapeGenerator --reference <tests/reference> --out <SwaggerShapeData.g.cs>");
    return 2;
}

var code = SwaggerShapeGenerator.GenerateCSharp(Path.Combine(reference, "imagebuilder-rest"), SwaggerShapeGenerator.ApiVersions);
var existing = File.Exists(output) ? File.ReadAllText(output) : null;
if (existing == code)
{
    Console.WriteLine($"{output} is up to date.");
    return 0;
}
File.WriteAllText(output, code);
Console.WriteLine($"Wrote {output}.");
return 0;
