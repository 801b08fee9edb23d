package io.codebuildnotifier.interactions;

import java.util.List;

/**
 * What a person's home shows, chat-neutral: sections of plain lines, each line with an optional link.
 */
public record Home(List<Section> sections) {
    public Home {
        sections = List.copyOf(sections);
    }

    public record Section(String heading, List<Line> lines) {
        public Section {
            heading = heading == null ? "" : heading;
            lines = List.copyOf(lines);
        }
    }

    /** A line: its text, and a URL the text links to (empty for none). */
    public record Line(String text, String url) {
        public Line {
            text = text == null ? "" : text;
            url = url == null ? "" : url;
        }
    }
}
