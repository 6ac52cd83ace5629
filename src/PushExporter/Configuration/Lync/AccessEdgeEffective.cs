namespace PushExporter.Configuration.Lync;

/// <summary>The effective scope of <c>Get-CsAccessEdgeConfiguration</c>.</summary>
internal sealed record AccessEdgeEffective(string Identity, bool AllowFederatedUsers);
