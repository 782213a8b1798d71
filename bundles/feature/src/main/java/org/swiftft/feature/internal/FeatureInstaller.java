package org.swiftft.feature.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs and removes the bundles of features in a framework, all or nothing. Plain OSGi core
 * API, so the launcher uses it at boot before Declarative Services run, and the feature service uses
 * it afterwards.
 */
public final class FeatureInstaller {

    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;
    private final FeatureCatalog catalog;

    public FeatureInstaller(BundleContext context, FeatureCatalog catalog) {
        this.context = context;
        this.catalog = catalog;
    }

    /**
     * Installs, resolves and starts every bundle of the features, in order. If any bundle cannot be
     * found, resolved or started, every bundle this call installed is removed again.
     *
     * @throws InstallException naming the feature, the bundle and the unsatisfied requirement
     */
    public void install(List<FeatureDescriptor> features) throws InstallException {
        List<Bundle> installed = new ArrayList<>();
        try {
            List<Bundle> bundles = installAll(features, installed);
            resolve(installed);
            for (Bundle bundle : bundles) {
                if (!isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
                    start(bundle);
                }
            }
        } catch (InstallException e) {
            removeQuietly(installed);
            throw e;
        }
    }

    /** Stops and uninstalls the bundles at these locations, then refreshes the framework's wiring. */
    public void uninstall(Collection<String> locations) throws InstallException {
        List<Bundle> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String location : locations) {
            Bundle bundle = context.getBundle(location);
            if (bundle == null) {
                continue;
            }
            try {
                bundle.uninstall();
                removed.add(bundle);
            } catch (BundleException | IllegalStateException e) {
                failures.add(bundle.getSymbolicName() + ": " + e.getMessage());
            }
        }
        refresh(removed);
        if (!failures.isEmpty()) {
            throw new InstallException("some bundles could not be uninstalled: " + String.join("; ", failures));
        }
    }

    /** Whether a bundle of these coordinates is installed under its catalog location. */
    public boolean isInstalled(String coordinates) {
        return context.getBundle(catalog.location(coordinates)) != null;
    }

    public Bundle bundle(String coordinates) {
        return context.getBundle(catalog.location(coordinates));
    }

    private List<Bundle> installAll(List<FeatureDescriptor> features, List<Bundle> installed) throws InstallException {
        Set<Bundle> bundles = new LinkedHashSet<>();
        for (FeatureDescriptor feature : features) {
            for (String coordinates : feature.bundles()) {
                String location = catalog.location(coordinates);
                Bundle bundle = context.getBundle(location);
                if (bundle == null) {
                    Path file = catalog.bundleFile(coordinates);
                    if (!Files.isRegularFile(file)) {
                        throw new InstallException("feature '" + feature.name() + "': bundle " + coordinates
                                + " is not in the runtime: " + file + " does not exist");
                    }
                    try {
                        bundle = context.installBundle(location);
                    } catch (BundleException e) {
                        throw new InstallException("feature '" + feature.name() + "': cannot install " + coordinates
                                + ": " + e.getMessage(), e);
                    }
                    installed.add(bundle);
                }
                bundles.add(bundle);
            }
        }
        return new ArrayList<>(bundles);
    }

    private void resolve(List<Bundle> installed) throws InstallException {
        if (installed.isEmpty() || wiring().resolveBundles(installed)) {
            return;
        }
        for (Bundle bundle : installed) {
            if (bundle.getState() == Bundle.INSTALLED && !isFragment(bundle)) {
                try {
                    bundle.start(); // fails, with the resolver's explanation in the message
                } catch (BundleException e) {
                    throw new InstallException("cannot resolve " + bundle.getSymbolicName() + " "
                            + bundle.getVersion() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private void start(Bundle bundle) throws InstallException {
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            throw new InstallException("cannot start " + bundle.getSymbolicName() + " " + bundle.getVersion()
                    + ": " + e.getMessage(), e);
        }
    }

    private void removeQuietly(List<Bundle> bundles) {
        List<Bundle> removed = new ArrayList<>();
        for (Bundle bundle : bundles) {
            try {
                bundle.uninstall();
                removed.add(bundle);
            } catch (BundleException | IllegalStateException e) {
                // already gone: nothing to roll back
            }
        }
        refresh(removed);
    }

    /** Refreshes and waits, so that a caller sees the framework settled. */
    private void refresh(List<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        wiring().refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FrameworkWiring wiring() {
        return context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** A feature's bundles could not be installed, resolved, started or removed. */
    public static final class InstallException extends Exception {
        private static final long serialVersionUID = 1L;

        InstallException(String message) {
            super(message);
        }

        InstallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
