using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace RunAgents.MockServer;

/// <summary>Builds the bare Kestrel host: loopback only, no logging, no configuration sources.</summary>
internal static class MockHost
{
    /// <summary>Creates (but does not start) the web application.</summary>
    public static WebApplication Build(int port, MockState state, bool handleConsoleSignals)
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
            kestrel.Listen(IPAddress.Loopback, port);
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
        int port = new Uri(addresses.First()).Port;
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
