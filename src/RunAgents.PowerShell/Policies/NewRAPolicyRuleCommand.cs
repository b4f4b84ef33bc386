using System;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Makes a policy rule, to give to New-RAPolicy or Set-RAPolicy; sends nothing.</summary>
[Cmdlet(VerbsCommon.New, "RAPolicyRule", HelpUri = HelpUris.Docs + "New-RAPolicyRule.md")]
[OutputType(typeof(PolicyRule))]
public sealed class NewRAPolicyRuleCommand : PSCmdlet
{
    /// <summary>What the rule does to the calls it covers: Allow, Deny, or ApprovalRequired (hold each for a person's approval).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("Allow", "Deny", "ApprovalRequired")]
    public string? Permission { get; set; }

    /// <summary>The URL the rule covers, <c>*</c> at the end matching the rest (<c>https://api.stripe.com/v1/*</c>), or <c>*</c> for any.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Resource { get; set; }

    /// <summary>The HTTP methods the rule covers; every method when not given.</summary>
    [Parameter]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")]
    public string[]? Operation { get; set; }

    /// <summary>The risk tags of the tools the rule covers, such as <c>payments</c> or <c>pii</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (Resource is null && Tag is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("A rule needs -Resource (a URL, or * for any) or -Tag: without either it covers nothing."),
                "InvalidPolicyRule",
                ErrorCategory.InvalidArgument,
                null));
        }

        if (Resource is not null && ResourceProblem(Resource) is string problem)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Resource '{ValidateAgentNameAttribute.Printable(Resource)}' {problem}"), "InvalidPolicyRule", ErrorCategory.InvalidArgument, Resource));
        }

        WriteObject(new PolicyRule
        {
            Permission = PolicyRule.ApiPermission(Permission),
            Resource = Resource,
            Operations = Operation?.Select(o => o.ToUpperInvariant()).Distinct().ToArray() ?? Array.Empty<string>(),
            Tags = Tag ?? Array.Empty<string>(),
        });
    }

    /// <summary>Why a resource cannot be one a rule covers; null when it can: <c>*</c>, or an absolute http(s) URL with <c>*</c> only at its end.</summary>
    internal static string? ResourceProblem(string resource)
    {
        if (resource == "*")
        {
            return null;
        }

        var star = resource.IndexOf('*');
        if (star >= 0 && star != resource.Length - 1)
        {
            return "has * before its end: * matches the rest of the URL, and only at the end.";
        }

        var url = resource.TrimEnd('*');
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
            ? null
            : "is not an absolute http or https URL (* at its end matching the rest), nor * for any.";
    }
}
