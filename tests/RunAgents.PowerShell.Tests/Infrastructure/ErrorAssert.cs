using System.Management.Automation;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>Assertions on the parts of an error record a user sees and greps for.</summary>
internal static class ErrorAssert
{
    /// <summary>Checks the full error id, the category, the target and that the message has <paramref name="words"/>.</summary>
    public static void Is(ErrorRecord error, string id, string commandClass, ErrorCategory category, object? target = null, params string[] words)
    {
        Assert.Equal($"{id},RunAgents.PowerShell.Cmdlets.{commandClass}", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        if (target is not null)
        {
            Assert.Equal(target, error.TargetObject?.ToString());
        }

        foreach (var word in words)
        {
            Assert.Contains(word, error.ToString());
        }
    }

    /// <summary>Checks that a parameter's validation refused the value (the exception type is internal to PowerShell).</summary>
    public static void IsBindingValidation(ErrorRecord error)
    {
        var exception = Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        Assert.Equal("ParameterBindingValidationException", exception.GetType().Name);
    }

    /// <summary>The error record a statement-terminating error became, as caught by <c>try/catch</c> in the script.</summary>
    public static ErrorRecord Caught(PSResult result)
    {
        Assert.Null(result.Terminating);
        var item = Assert.Single(result.Output);
        return Assert.IsType<ErrorRecord>(item.BaseObject);
    }
}
