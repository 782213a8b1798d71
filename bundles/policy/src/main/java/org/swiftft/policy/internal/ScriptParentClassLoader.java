package org.swiftft.policy.internal;

/**
 * The parent of every script's class loader: Groovy's own loader first (the generated code
 * references Groovy's runtime packages, which only Groovy's bundle sees), then the policy bundle's
 * loader, which imports the {@code org.swiftft.policy} API the scripts implement.
 */
final class ScriptParentClassLoader extends ClassLoader {

    private final ClassLoader apiLoader;

    ScriptParentClassLoader(ClassLoader groovyLoader, ClassLoader apiLoader) {
        super(groovyLoader);
        this.apiLoader = apiLoader;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return apiLoader.loadClass(name);
    }
}
