package io.keras4j.saving;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The by-package lookup a cold JVM uses must agree with the families' tables, and reach nothing they do not list. */
class ObjectRegistryTest {

    @Test
    void everyBuiltinIsFoundByItsJavaNameOrOnlyThroughItsTable() {
        int found = 0;
        for (String module : ObjectRegistry.packagedModules()) {
            for (Class<?> c : ObjectRegistry.builtinsOfModule(module)) {
                if (!ObjectRegistry.module(c).equals(module)) continue; // a family may hold other modules' classes
                String name = ObjectRegistry.className(c);
                Class<?> byPackage = ObjectRegistry.byPackage(module, name);
                if (name.equals(c.getSimpleName())) {
                    assertSame(c, byPackage, module + ">" + name + ": is its package missing from PACKAGES_OF_MODULE?");
                    found++;
                } else {
                    assertNull(byPackage, module + ">" + name); // e.g. GroupQueryAttention: the table finds it
                }
                assertSame(c, ObjectRegistry.lookup(module, name, null), module + ">" + name);
            }
        }
        assertTrue(found > 200, "built-ins found by package: " + found);
        // names that are not built-ins are not found, whatever classes the packages hold
        assertNull(ObjectRegistry.byPackage("keras.layers", "LoraSaving"));
        assertNull(ObjectRegistry.byPackage("keras.layers", "core.Dense"));
        assertNull(ObjectRegistry.byPackage("keras.layers", "Adam"));
    }

    /** Every class keras4j annotates with KerasClass is in its family's table, so the annotation is exactly "a built-in". */
    @Test
    void everyAnnotatedClassIsInItsFamilysTable() throws Exception {
        List<String> annotated = new ArrayList<>();
        Path root = Path.of(ObjectRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(URI.create("jar:" + root.toUri()), Map.of())) {
            Path base = jar == null ? root : jar.getPath("/");
            for (String className : classNames(base)) {
                Class<?> c = Class.forName(className, false, ObjectRegistry.class.getClassLoader());
                KerasClass k = c.getAnnotation(KerasClass.class);
                if (k == null || !ObjectRegistry.packagedModules().contains(k.module())) continue;
                annotated.add(className);
                assertTrue(ObjectRegistry.builtinsOfModule(k.module()).contains(c),
                        className + " carries @KerasClass(module = \"" + k.module() + "\") but its family's builtins() does not list it");
            }
        }
        assertFalse(annotated.isEmpty());
    }

    private static List<String> classNames(Path base) throws IOException {
        Path pkg = base.resolve("io/keras4j");
        try (Stream<Path> files = Files.walk(pkg)) {
            return files.map(p -> base.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    .sorted().toList();
        }
    }

    @Test
    void packagesCoverEveryModuleTheFamiliesServe() {
        for (String module : ObjectRegistry.packagedModules()) {
            assertFalse(ObjectRegistry.builtinsOfModule(module).isEmpty(), module);
        }
        assertEquals(11, ObjectRegistry.packagedModules().size());
    }
}
