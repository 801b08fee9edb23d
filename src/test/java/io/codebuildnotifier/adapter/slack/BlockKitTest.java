package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocks messages are made of hold Block Kit's limits, whatever they are given. */
class BlockKitTest {

    @Test
    void piecesArePackedWholeIntoAsFewSectionsAsHoldThem() {
        List<String> lines = Collections.nCopies(7, "l".repeat(1000));
        List<String> texts = BlockKit.pack(lines, "\n");
        assertEquals(List.of(String.join("\n", Collections.nCopies(2, "l".repeat(1000)))), texts.subList(0, 1),
                "two lines and a newline fit in 3,000; a third would not");
        assertEquals(4, texts.size());
        assertTrue(texts.stream().allMatch(t -> t.length() <= BlockKit.SECTION_TEXT));
        assertEquals(List.of("a  b"), BlockKit.pack(List.of("a", "", "b"), "  "), "empty pieces are left out");
        assertEquals(List.of("…"), BlockKit.pack(List.of("x".repeat(3001)), "\n"), "never cut, so never a broken link");
    }

    @Test
    void aMessageKeepsAtMostFiftyBlocksAndItsButtons() {
        List<LayoutBlock> details = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            details.add(BlockKit.section("s" + i));
        }
        details.addAll(BlockKit.buttons(List.of(new BlockKit.Button("View build", "https://example.com/b"))));
        List<LayoutBlock> headline = BlockKit.sections(List.of("headline"));

        List<LayoutBlock> kept = BlockKit.capped(headline, details);
        assertEquals(BlockKit.BLOCKS, headline.size() + kept.size());
        assertInstanceOf(ActionsBlock.class, kept.getLast());
        assertInstanceOf(ContextBlock.class, kept.get(kept.size() - 2));
        assertEquals(details.subList(0, 3), BlockKit.capped(headline, details.subList(0, 3)), "what fits is kept");
    }

    @Test
    void buttonsSlackWouldRefuseAreLeftOut() {
        List<LayoutBlock> none = BlockKit.buttons(List.of(new BlockKit.Button("x", "http://plain"),
                new BlockKit.Button("y", "https://x/" + "u".repeat(BlockKit.URL)), new BlockKit.Button("z", "")));
        assertEquals(List.of(), none);
        ActionsBlock one = (ActionsBlock) BlockKit.buttons(List.of(new BlockKit.Button("b".repeat(100),
                "https://example.com"))).get(0);
        assertEquals(BlockKit.BUTTON_TEXT, ((com.slack.api.model.block.element.ButtonElement) one.getElements().get(0))
                .getText().getText().length());
    }

    @Test
    void aContextHoldsAtMostTenElements() {
        ContextBlock context = BlockKit.context(Collections.nCopies(40, "c".repeat(1500)));
        assertEquals(BlockKit.CONTEXT_ELEMENTS, context.getElements().size());
    }
}
