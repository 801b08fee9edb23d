package io.codebuildnotifier;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Leaves out compiled tests wherever Maven puts them. ArchUnit's own {@link ImportOption.DoNotIncludeTests}
 * only knows {@code target/test-classes}, so a build with {@code -Dbuild.dir=/tmp/...} analysed the
 * tests as if they were the application.
 */
public final class DoNotIncludeTestClasses implements ImportOption {
    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/");
    }
}
