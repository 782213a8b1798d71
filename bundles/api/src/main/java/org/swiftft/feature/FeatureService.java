package org.swiftft.feature;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs and removes features in the running framework.
 *
 * <p>Install is all or nothing: the feature's bundles (and those of the features it requires) are
 * installed, resolved and started; if any of them cannot be resolved or started, every bundle this
 * call installed is uninstalled again and a {@link FeatureException} names the failing requirement.
 * Uninstall stops and removes the feature's bundles that no other installed feature uses, then
 * refreshes. Installed features are not persisted: the runtime starts with the features {@code etc/}
 * names for boot.
 *
 * <p>Thread-safe; calls are serialised.
 */
@ProviderType
public interface FeatureService {

    /** Every feature the runtime knows, sorted by name. */
    List<FeatureDTO> features();

    /** @throws FeatureException if the feature does not exist or cannot be resolved or started */
    FeatureDTO install(String name) throws FeatureException;

    /** @throws FeatureException if the feature does not exist or another installed feature requires it */
    FeatureDTO uninstall(String name) throws FeatureException;
}
