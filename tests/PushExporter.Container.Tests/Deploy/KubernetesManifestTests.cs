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
        Assert.Equal(["ConfigMap", "ConfigMap", "Deployment", "Kustomization", "Probe", "PrometheusRule", "Service", "ServiceMonitor"], _manifests.Select(m => m.Kind).Order(StringComparer.Ordinal));
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
    public async Task Kubectl_kustomize_renders_every_resource_into_the_namespace_with_the_image_of_the_kustomization()
    {
        var kubectl = Tool.Locate("kubectl")
            ?? throw new InvalidOperationException("kubectl was not found on PATH; install it with: apt-get install kubernetes-client");

        var run = await Tool.RunAsync(kubectl, ["kustomize", _directory], TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.Describe("kubectl kustomize deploy/kubernetes"));
        var stream = new YamlStream();
        stream.Load(new StringReader(run.Output));
        var rendered = stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
        Assert.Equal(
            _manifests.Where(m => m.Kind != "Kustomization").Select(m => m.Kind).Order(StringComparer.Ordinal),
            rendered.Select(r => Manifest.Scalar(r, "kind")).Order(StringComparer.Ordinal));
        Assert.All(rendered, r => Assert.Equal("monitoring", Manifest.Scalar(r, "metadata.namespace")));

        var deployment = rendered.Single(r => Manifest.Scalar(r, "kind") == "Deployment");
        var kustomization = _manifests.Single(m => m.Kind == "Kustomization");
        Assert.Equal(
            $"{kustomization.ScalarAt("images[0].newName")}:{kustomization.ScalarAt("images[0].newTag")}",
            Manifest.Scalar(deployment, "spec.template.spec.containers[0].image"));
        Assert.DoesNotContain(":latest", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_is_a_documented_placeholder_in_one_place()
    {
        var kustomization = _manifests.Single(m => m.Kind == "Kustomization");
        Assert.Equal("pushexporter", kustomization.ScalarAt("images[0].name"));
        Assert.Equal("pushexporter", _manifests.Single(m => m.Kind == "Deployment").ScalarAt("spec.template.spec.containers[0].image"));
        Assert.Contains("PLACEHOLDER", File.ReadAllText(kustomization.File), StringComparison.Ordinal);
    }

    [Fact]
    public void The_probe_scrapes_the_services_probe_endpoint_and_keeps_the_target_label()
    {
        var probe = _manifests.Single(m => m.Kind == "Probe");
        var service = _manifests.Single(m => m.Kind == "Service");

        Assert.Equal("/probe", probe.ScalarAt("spec.prober.path"));
        Assert.Equal($"{service.ScalarAt("metadata.name")}.monitoring.svc:{service.ScalarAt("spec.ports[0].port")}", probe.ScalarAt("spec.prober.url"));
        Assert.Equal("__param_target", probe.ScalarAt("spec.targets.staticConfig.relabelingConfigs[0].sourceLabels[0]"));
        Assert.Equal("target", probe.ScalarAt("spec.targets.staticConfig.relabelingConfigs[0].targetLabel"));
        Assert.NotNull(probe.ScalarAt("spec.targets.staticConfig.static[0]"));
    }

    [Fact]
    public void The_rules_and_dashboards_are_labelled_for_the_operator_and_Grafanas_sidecar()
    {
        var dashboards = _manifests.Single(m => m.Kind == "ConfigMap" && m.ScalarAt("metadata.name") == "pushexporter-dashboards");
        Assert.Equal("1", dashboards.ScalarAt("metadata.labels.grafana_dashboard"));
        Assert.Equal(3, ((YamlMappingNode)dashboards.At("data")!).Children.Count);
        var rule = _manifests.Single(m => m.Kind == "PrometheusRule");
        Assert.Equal("monitoring.coreos.com/v1", rule.ScalarAt("apiVersion"));
        Assert.Equal("pushexporter.route", rule.ScalarAt("spec.groups[0].name"));
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
