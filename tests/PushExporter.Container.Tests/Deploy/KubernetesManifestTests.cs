using PushExporter.Configuration;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Container.Tests.Deploy;

/// <summary>deploy/kubernetes: parses, and says what docs/deployment.md promises.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string _directory = Repository.PathOf("deploy", "kubernetes");

    private static readonly IReadOnlyList<Manifest> _manifests = Manifest.LoadAll(_directory);

    [Fact]
    public void Every_manifest_parses_and_names_its_kind()
    {
        Assert.Equal(["ConfigMap", "ConfigMap", "Deployment", "Kustomization", "PrometheusRule", "Service", "ServiceMonitor"], _manifests.Select(m => m.Kind).Order(StringComparer.Ordinal));
        Assert.All(_manifests, m => Assert.False(string.IsNullOrEmpty(m.ScalarAt("apiVersion")), m.File));
    }

    [Fact]
    public void The_kustomization_lists_every_other_manifest()
    {
        var kustomization = _manifests.Single(m => m.Kind == "Kustomization");
        var resources = ((YamlSequenceNode)kustomization.At("resources")!).Children.Select(n => ((YamlScalarNode)n).Value).Order(StringComparer.Ordinal);

        Assert.Equal(_manifests.Where(m => m.Kind != "Kustomization").Select(m => Path.GetFileName(m.File)).Order(StringComparer.Ordinal), resources);
    }

    [Fact]
    public void The_deployment_runs_non_root_with_health_and_readiness_probes()
    {
        var deployment = _manifests.Single(m => m.Kind == "Deployment");
        var container = deployment.At("spec.template.spec.containers[0]")!;

        Assert.Equal("true", deployment.ScalarAt("spec.template.spec.securityContext.runAsNonRoot"));
        Assert.NotEqual("0", deployment.ScalarAt("spec.template.spec.securityContext.runAsUser"));
        Assert.Equal("false", Manifest.Scalar(container, "securityContext.allowPrivilegeEscalation"));
        Assert.Equal("true", Manifest.Scalar(container, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("ALL", Manifest.Scalar(container, "securityContext.capabilities.drop[0]"));
        Assert.Equal("/-/healthy", Manifest.Scalar(container, "livenessProbe.httpGet.path"));
        Assert.Equal("/-/ready", Manifest.Scalar(container, "readinessProbe.httpGet.path"));
        Assert.Equal("9860", Manifest.Scalar(container, "ports[0].containerPort"));
        Assert.Equal("/etc/pushexporter", Manifest.Scalar(container, "volumeMounts[0].mountPath"));
    }

    [Fact]
    public void The_service_and_service_monitor_select_the_pods_and_scrape_metrics()
    {
        var deployment = _manifests.Single(m => m.Kind == "Deployment");
        var labels = (YamlMappingNode)deployment.At("spec.template.metadata.labels")!;
        var service = _manifests.Single(m => m.Kind == "Service");
        var monitor = _manifests.Single(m => m.Kind == "ServiceMonitor");

        Assert.Equal(labels.Children, ((YamlMappingNode)service.At("spec.selector")!).Children);
        Assert.Equal(((YamlMappingNode)service.At("metadata.labels")!).Children, ((YamlMappingNode)monitor.At("spec.selector.matchLabels")!).Children);
        Assert.Equal(service.ScalarAt("spec.ports[0].name"), monitor.ScalarAt("spec.endpoints[0].port"));
        Assert.Equal("/metrics", monitor.ScalarAt("spec.endpoints[0].path"));
        Assert.Equal("pushexporter", service.ScalarAt("metadata.name"));
    }

    [Fact]
    public void The_config_map_holds_a_configuration_the_exporter_accepts()
    {
        var configMap = _manifests.Single(m => m.Kind == "ConfigMap" && m.ScalarAt("metadata.name") == "pushexporter");
        // The key has a dot, so it is looked up directly rather than through a dotted path.
        var yaml = ((YamlScalarNode)((YamlMappingNode)configMap.At("data")!).Children[new YamlScalarNode("pushexporter.yml")]).Value;

        var loaded = ConfigLoader.Parse(yaml!, "configmap.yaml:pushexporter.yml", _directory);

        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        Assert.NotEmpty(loaded.Config!.Targets);
    }
}
