package io.codebuildnotifier.sources.build;

import java.util.Optional;

/**
 * Where a build belongs, how that was found, and its branch when known; or why it belongs nowhere.
 */
sealed interface Placement {

    /** What the log says about how the answer was found, or why there is none. */
    String how();

    record Placed(SourceRef ref, String how, Optional<String> branchName) implements Placement {
    }

    record Nowhere(String how) implements Placement {
    }

    static Placement placed(SourceRef ref, String how, Optional<String> headBranch) {
        return new Placed(ref, how, ref.branchName().or(() -> headBranch));
    }
}
