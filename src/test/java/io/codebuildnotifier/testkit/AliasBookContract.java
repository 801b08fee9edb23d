package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.people.AliasBook;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AliasBook} does: an exact lookup of a commit email's workspace email. */
public abstract class AliasBookContract {

    /** A book holding these aliases: alternate email, workspace email, alternately. */
    protected abstract AliasBook newBook(String... pairs);

    private AliasBook book;

    @BeforeEach
    void open() {
        book = newBook("ada@home.example", "ada@corp.example", "pad@home.example", "  pad@corp.example ",
                "blank@home.example", " ");
    }

    @Test
    void anAliasGivesItsWorkspaceEmailTrimmed() {
        assertEquals(Optional.of("ada@corp.example"), book.workspaceEmail("ada@home.example", deadline()));
        assertEquals(Optional.of("pad@corp.example"), book.workspaceEmail("pad@home.example", deadline()));
    }

    @Test
    void keysMatchExactly() {
        assertEquals(Optional.empty(), book.workspaceEmail("Ada@Home.example", deadline()));
        assertEquals(Optional.empty(), book.workspaceEmail("nobody@home.example", deadline()));
    }

    @Test
    void aBlankWorkspaceEmailIsNone() {
        assertEquals(Optional.empty(), book.workspaceEmail("blank@home.example", deadline()));
    }

    @Test
    void noLookupIsStartedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> book.workspaceEmail("ada@home.example", ContractFixtures.spent()));
    }
}
