using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using RunAgents.PowerShell.Models;

namespace RunAgents.Bench;

/// <summary>The plain C# way to list agents: HttpClient plus System.Text.Json into the module's own types.</summary>
public static class RawClient
{
    private static readonly HttpClient s_http = new();
    private static readonly JsonSerializerOptions s_options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Lists every agent at <paramref name="url"/> into a list.</summary>
    public static List<Agent> ListAgents(string url, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = s_http.Send(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var body = response.Content.ReadAsStream();
        return JsonSerializer.Deserialize<List<Agent>>(body, s_options) ?? new List<Agent>();
    }
}
