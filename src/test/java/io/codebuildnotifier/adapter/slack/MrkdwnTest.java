package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MrkdwnTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
            "plain text                        => plain text",
            "a & b                             => a &amp; b",
            "<!channel>                        => &lt;!channel&gt;",
            "<!here|here>                      => &lt;!here|here&gt;",
            "<@U123>                           => &lt;@U123&gt;",
            "<https://evil|click>              => &lt;https://evil|click&gt;",
            "&lt; is already escaped           => &amp;lt; is already escaped",
            "*bold* _it_ `code`                => *bold* _it_ `code`",
            "émoji 🎉 stays                     => émoji 🎉 stays",
    })
    void escapesAmpersandAndAngleBrackets(String text, String escaped) {
        assertEquals(escaped, Mrkdwn.escape(text));
    }

    @Test
    void escapeOfNothingIsEmpty() {
        assertEquals("", Mrkdwn.escape(null));
        assertEquals("", Mrkdwn.escape(""));
    }

    @Test
    void link() {
        assertEquals("<https://github.com/octo/widgets/pull/42|pr/42>",
                Mrkdwn.link("https://github.com/octo/widgets/pull/42", "pr/42"));
    }

    @Test
    void linkLabelIsEscapedAndCannotEndTheLink() {
        assertEquals("<https://example.com/x|&lt;!channel&gt; a \u2223 b &amp; c>",
                Mrkdwn.link("https://example.com/x", "<!channel> a | b & c"));
    }

    @Test
    void linkUrlCannotCarryMarkup() {
        assertEquals("<https://example.com/a%7Cb%3Cc%3E|x>", Mrkdwn.link("https://example.com/a|b<c>", "x"));
    }
}
