package org.swiftft.cluster.internal;

import java.lang.reflect.Field;
import java.util.Map;
import org.jgroups.conf.ClassConfigurator;

/**
 * Registers our header and token classes with JGroups by magic number, so that they are read back
 * by number rather than by class name (which JGroups would load from its own bundle and fail to
 * find). JGroups' registry is static and refuses a number twice: after this bundle is updated, the
 * previous bundle's classes of the same name still hold the numbers, so those entries are removed
 * first (by reflection, since JGroups offers no removal).
 */
final class JGroupsRegistrations {

    private JGroupsRegistrations() {
    }

    static synchronized void register(short magic, Class<?> type) {
        Map<Short, Object> byMagic = staticField("magicMapUser");
        Map<Class<?>, Short> byClass = staticField("classMap");
        byClass.entrySet().removeIf(entry -> entry.getKey() != type && entry.getKey().getName().equals(type.getName()));
        if (byClass.get(type) != null) {
            return;
        }
        byMagic.remove(magic);
        ClassConfigurator.add(magic, type);
    }

    @SuppressWarnings("unchecked")
    private static <T> T staticField(String name) {
        try {
            Field field = ClassConfigurator.class.getDeclaredField(name);
            field.setAccessible(true);
            return (T) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JGroups has no ClassConfigurator." + name
                    + "; the cluster bundle expects JGroups 5.5", e);
        }
    }
}
