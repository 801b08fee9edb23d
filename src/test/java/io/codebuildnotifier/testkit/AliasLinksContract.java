package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codebuildnotifier.interactions.AliasLinks;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.people.AliasBook;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AliasLinks} does: a link is what the {@link AliasBook} of the same table reads. */
public abstract class AliasLinksContract {

    /** Links, and the book that reads what they write. */
    public record Linked(AliasLinks links, AliasBook book) {
    }

    protected abstract Linked newLinks();

    private Linked linked;

    @BeforeEach
    void open() {
        linked = newLinks();
    }

    @Test
    void aLinkIsFoundByTheBook() {
        linked.links().link("jane@old-mail.example", "jane@corp.example", deadline());
        assertEquals(Optional.of("jane@corp.example"), linked.book().workspaceEmail("jane@old-mail.example",
                deadline()));
        assertEquals(Optional.empty(), linked.book().workspaceEmail("other@old-mail.example", deadline()));
    }

    @Test
    void aLinkAgainReplacesIt() {
        linked.links().link("pat@home.example", "pat@corp.example", deadline());
        linked.links().link("pat@home.example", "patricia@corp.example", deadline());
        assertEquals(Optional.of("patricia@corp.example"), linked.book().workspaceEmail("pat@home.example",
                deadline()));
    }

    @Test
    void addressesAreTrimmed() {
        linked.links().link("  sam@home.example ", " sam@corp.example ", deadline());
        assertEquals(Optional.of("sam@corp.example"), linked.book().workspaceEmail("sam@home.example", deadline()));
    }

    @Test
    void aLinkNeedsBothAddresses() {
        assertThrows(PermanentFailure.class, () -> linked.links().link("", "sam@corp.example", deadline()));
        assertThrows(PermanentFailure.class, () -> linked.links().link("sam@home.example", " ", deadline()));
    }

    @Test
    void nothingIsLinkedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> linked.links().link("kim@home.example", "kim@corp.example",
                ContractFixtures.spent()));
        assertEquals(Optional.empty(), linked.book().workspaceEmail("kim@home.example", deadline()));
    }
}
