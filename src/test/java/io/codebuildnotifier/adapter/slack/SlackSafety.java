package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile-input checker for what the Slack adapter sends: whatever a commit, a build or an
 * event carried, a message must mention nobody, link only where we link, escape every {@code &},
 * {@code <} and {@code >}, hold no control or bidirectional character and fit Slack's limits.
 * The hostile-input suites run every message they make through it.
 */
public final class SlackSafety {
    private SlackSafety() {
    }

    private static final Pattern LINK = Pattern.compile("<(https?://[^\\s<>|]+)(?:\\|([^<>]*))?>");
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?!amp;|lt;|gt;)");

    /**
     * Fails unless {@code mrkdwn} is safe to post: no mention or command ({@code <!}, {@code <@},
     * {@code <#}), no {@code <} or {@code >} except in a link to one of {@code ourLinks}, every
     * {@code &} an escape ({@code &amp;}, {@code &lt;}, {@code &gt;}), no control character but the
     * newline, no bidirectional control (U+202A–U+202E, U+2066–U+2069), no broken surrogate pair, and at most {@code maxLength} characters.
     */
    public static void assertSafe(String mrkdwn, int maxLength, List<String> ourLinks) {
        List<String> problems = problems(mrkdwn, maxLength, ourLinks);
        if (!problems.isEmpty()) {
            fail("unsafe mrkdwn " + problems + " in: " + abbreviate(mrkdwn));
        }
    }

    /** As {@link #assertSafe(String, int, List)}, where mentions of these members ({@code <@U…>}) are ours. */
    public static void assertSafe(String mrkdwn, int maxLength, List<String> ourLinks, List<String> ourMentions) {
        List<String> problems = problems(mrkdwn, maxLength, ourLinks, ourMentions);
        if (!problems.isEmpty()) {
            fail("unsafe mrkdwn " + problems + " in: " + abbreviate(mrkdwn));
        }
    }

    public static List<String> problems(String s, int maxLength, List<String> ourLinks, List<String> ourMentions) {
        String withoutOurs = s;
        for (String member : ourMentions) {
            withoutOurs = withoutOurs.replace("<@" + member + ">", "@" + member);
        }
        List<String> problems = problems(withoutOurs, maxLength, ourLinks);
        if (s.length() >= maxLength && withoutOurs.length() < maxLength) {
            problems.add(s.length() + " characters, the limit is " + maxLength);
        }
        return problems;
    }

    public static List<String> problems(String s, int maxLength, List<String> ourLinks) {
        List<String> problems = new ArrayList<>();
        if (s.length() >= maxLength) {
            problems.add(s.length() + " characters, the limit is " + maxLength);
        }
        for (String mention : List.of("<!", "<@", "<#")) {
            if (s.contains(mention)) {
                problems.add("contains " + mention);
            }
        }
        Matcher link = LINK.matcher(s);
        StringBuilder outsideLinks = new StringBuilder();
        int from = 0;
        while (link.find()) {
            String url = link.group(1);
            if (ourLinks.stream().noneMatch(url::startsWith)) {
                problems.add("a link we did not make: " + abbreviate(link.group()));
            }
            outsideLinks.append(s, from, link.start()).append(' ');
            from = link.end();
        }
        outsideLinks.append(s.substring(from));
        int angle = indexOfAny(outsideLinks, "<>");
        if (angle >= 0) {
            problems.add("'" + outsideLinks.charAt(angle) + "' outside a link near: "
                    + abbreviate(outsideLinks.substring(Math.max(0, angle - 20),
                    Math.min(outsideLinks.length(), angle + 20))));
        }
        Matcher ampersand = BARE_AMPERSAND.matcher(s);
        if (ampersand.find()) {
            problems.add("'&' that is not an escape near: "
                    + abbreviate(s.substring(ampersand.start(), Math.min(s.length(), ampersand.start() + 20))));
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                problems.add("broken surrogate pair at " + i);
                break;
            } else if ((ch < 0x20 && ch != '\n') || ch == 0x7f) {
                problems.add(String.format("control character U+%04X at %d", (int) ch, i));
                break;
            } else if ((ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069)) {
                problems.add(String.format("bidirectional control U+%04X at %d", (int) ch, i));
                break;
            }
        }
        return problems;
    }

    private static int indexOfAny(CharSequence s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }


    private static String abbreviate(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> out.append(c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return s.length() > 300 ? out + "… (" + s.length() + " chars)" : out.toString();
    }
}
