using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace RunAgents.MockServer;

/// <summary>Builds the bare Kestrel host: loopback only, no logging, no configuration sources.</summary>
internal static class MockHost
{
    /// <summary>Creates (but does not start) the web application.</summary>
    public static WebApplication Build(int port, MockState state, bool handleConsoleSignals, bool https = false)
    {
        // The empty builder reads no environment variables or appsettings, so the caller's environment cannot reconfigure the fixture.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(MockHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (https)
                {
                    listen.UseHttps(SelfSignedCertificate());
                }
            });
        });

        // Waits are cancelled on stop, so a short timeout only matters for a stuck client.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (handleConsoleSignals)
        {
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        }
        else
        {
            builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        }

        WebApplication app = builder.Build();
        var dispatcher = new RequestDispatcher(state, app.Lifetime.ApplicationStopping);
        app.Run(dispatcher.HandleAsync);
        return app;
    }

    /// <summary>The base URI of a started application, with the port Kestrel actually bound.</summary>
    public static Uri GetBaseUri(WebApplication app)
    {
        ICollection<string> addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = new Uri(addresses.First());
        return new Uri($"{address.Scheme}://127.0.0.1:{address.Port}/");
    }

    /// <summary>A certificate for 127.0.0.1 that no trust store holds.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
