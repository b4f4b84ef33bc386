using System.Reflection;
using System.Text.RegularExpressions;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The client (RunAgents.PowerShell.Client) and the objects (RunAgents.PowerShell.Models) know nothing of PowerShell:
/// they could serve another front end, and a test of them needs no runspace. Only the cmdlets speak PowerShell.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string[] s_layers = ["RunAgents.PowerShell.Client", "RunAgents.PowerShell.Models"];

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_type_of_the_client_or_the_models_uses_a_PowerShell_type_in_its_signatures()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(PlatformObject).Assembly.GetTypes().Where(t => s_layers.Contains(t.Namespace)))
        {
            var used = new List<(string Where, Type? Type)> { ("base type", type.BaseType) };
            used.AddRange(type.GetInterfaces().Select(i => ("interface", (Type?)i)));
            used.AddRange(type.GetFields(Everything).Select(f => ($"field {f.Name}", (Type?)f.FieldType)));
            used.AddRange(type.GetProperties(Everything).Select(p => ($"property {p.Name}", (Type?)p.PropertyType)));
            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
            {
                used.AddRange(method.GetParameters().Select(p => ($"{method.Name}({p.Name})", (Type?)p.ParameterType)));
                if (method is MethodInfo info)
                {
                    used.Add(($"{method.Name} returns", info.ReturnType));
                }
            }

            used.AddRange(type.GetCustomAttributes(false).Select(a => ("attribute", (Type?)a.GetType())));
            offenders.AddRange(used.Where(u => u.Type is not null && IsPowerShell(u.Type)).Select(u => $"{type.FullName}: {u.Where} is {u.Type}"));
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_source_file_of_the_client_or_the_models_names_PowerShell()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src", "RunAgents.PowerShell"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var ns = Namespace().Match(text);
            if (ns.Success && s_layers.Contains(ns.Groups[1].Value) && text.Contains("System.Management.Automation", StringComparison.Ordinal))
            {
                offenders.Add(Path.GetRelativePath(root, file));
            }
        }

        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(root, "src", "RunAgents.PowerShell"), "*.cs", SearchOption.AllDirectories));
        Assert.Empty(offenders);
    }

    private static bool IsPowerShell(Type type)
    {
        if (type.HasElementType)
        {
            return IsPowerShell(type.GetElementType()!);
        }

        if (type.IsGenericType && type.GetGenericArguments().Any(IsPowerShell))
        {
            return true;
        }

        return type.Assembly.GetName().Name == "System.Management.Automation";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RunAgents.PowerShell.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with RunAgents.PowerShell.sln) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?m)^namespace\s+([\w.]+)\s*;")]
    private static partial Regex Namespace();
}
