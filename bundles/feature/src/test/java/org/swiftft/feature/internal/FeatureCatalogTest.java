package org.swiftft.feature.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.feature.internal.FeatureCatalog.UnknownFeatureException;

class FeatureCatalogTest {

    @TempDir
    Path features;

    @Test
    void closureListsRequiredFeaturesFirstEachOnce() throws Exception {
        write("base", "{\"bundles\": [\"g:base:1\"]}");
        write("left", "{\"requires\": [\"base\"], \"bundles\": [{\"id\": \"g:left:1\"}]}");
        write("right", "{\"requires\": [\"base\"], \"bundles\": [\"g:right:1\"]}");
        write("top", "{\"requires\": [\"left\", \"right\"]}");
        List<String> order = catalog().closure("top").stream().map(FeatureDescriptor::name).toList();
        assertEquals(List.of("base", "left", "right", "top"), order);
    }

    @Test
    void unreadableDescriptorIsSkippedAndNamedWhileTheOthersStay() throws Exception {
        write("good", "{\"bundles\": [\"g:good:1\"]}");
        write("broken", "{\"bundles\": [\"g:broken:1\"");
        write("badbundle", "{\"bundles\": [\"not-coordinates\"]}");
        FeatureCatalog catalog = catalog();
        assertEquals(List.of("good"), catalog.features().stream().map(FeatureDescriptor::name).toList());
        assertEquals(2, catalog.problems().size());
        assertTrue(catalog.problems().stream().anyMatch(p -> p.contains("broken.json") && p.contains("not valid JSON")),
                catalog.problems().toString());
        assertTrue(catalog.problems().stream().anyMatch(p -> p.contains("badbundle.json") && p.contains("not-coordinates")),
                catalog.problems().toString());
        UnknownFeatureException missing = assertThrows(UnknownFeatureException.class, () -> catalog.feature("broken"));
        assertTrue(missing.getMessage().contains("unreadable descriptors"), missing.getMessage());
    }

    @Test
    void missingRequirementAndCycleAreNamed() throws Exception {
        write("needs", "{\"requires\": [\"ghost\"]}");
        write("a", "{\"requires\": [\"b\"]}");
        write("b", "{\"requires\": [\"a\"]}");
        FeatureCatalog catalog = catalog();
        assertTrue(assertThrows(UnknownFeatureException.class, () -> catalog.closure("needs")).getMessage()
                .contains("'needs' requires 'ghost', which does not exist"));
        assertTrue(assertThrows(UnknownFeatureException.class, () -> catalog.closure("a")).getMessage()
                .contains("a -> b -> a"));
    }

    @Test
    void bundlesLiveInMavenRepositoryLayout() throws Exception {
        FeatureCatalog catalog = catalog();
        assertEquals(Path.of("/repo/org/apache/felix/org.apache.felix.scr/2.2.18/org.apache.felix.scr-2.2.18.jar"),
                catalog.bundleFile("org.apache.felix:org.apache.felix.scr:2.2.18"));
    }

    private FeatureCatalog catalog() throws IOException {
        return FeatureCatalog.load(features, Path.of("/repo"));
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(features.resolve(name + ".json"), json);
    }
}
