package org.swiftft.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.feature.FeatureDTO;
import org.swiftft.feature.FeatureException;
import org.swiftft.feature.FeatureService;

/** {@code feature:} compose the runtime from features. */
@Component(service = FeatureCommands.class, property = {"osgi.command.scope=feature",
        "osgi.command.function=list", "osgi.command.function=install", "osgi.command.function=uninstall"})
public class FeatureCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FeatureService features;

    @Descriptor("List the features: name, whether installed, the state of their bundles")
    public Rows<FeatureDTO> list() {
        return table(service().features());
    }

    @Descriptor("Install a feature and the features it requires, and start their bundles")
    public Rows<FeatureDTO> install(@Descriptor("feature name (feature:list shows them)") String name)
            throws FeatureException {
        return table(List.of(service().install(name)));
    }

    @Descriptor("Stop and remove a feature's bundles that no other installed feature uses")
    public Rows<FeatureDTO> uninstall(@Descriptor("feature name") String name) throws FeatureException {
        return table(List.of(service().uninstall(name)));
    }

    private FeatureService service() {
        FeatureService service = features;
        if (service == null) {
            throw new IllegalStateException("the feature service is not running (is the 'runtime' feature's bundle org.swiftft.feature active?)");
        }
        return service;
    }

    private static Rows<FeatureDTO> table(List<FeatureDTO> features) {
        return new Rows<>(features,
                Column.of("NAME", f -> f.name),
                Column.of("INSTALLED", f -> f.installed ? "yes" : "no"),
                Column.of("BUNDLES", f -> f.bundles.size()),
                Column.of("STATE", FeatureCommands::state),
                Column.of("DESCRIPTION", f -> f.description));
    }

    /** ACTIVE when every bundle is, else the count per state, e.g. "ACTIVE 2, RESOLVED 1". */
    private static String state(FeatureDTO feature) {
        if (feature.bundles.isEmpty()) {
            return feature.installed ? "ACTIVE" : "-";
        }
        return feature.bundles.stream()
                .collect(Collectors.groupingBy(b -> b.state, java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream()
                .map(e -> e.getValue() == feature.bundles.size() ? e.getKey() : e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
