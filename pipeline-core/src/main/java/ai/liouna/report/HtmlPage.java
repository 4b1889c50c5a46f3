package ai.liouna.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page, built top to bottom: styles are inline and images are embedded
 * as base64 data URIs, so the file can be mailed, archived or opened offline and never fetches
 * anything. Every piece of text is escaped.
 */
public final class HtmlPage {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px;
                   color: #222; line-height: 1.45; padding: 0 1em; }
            h1 { border-bottom: 2px solid #1f77b4; padding-bottom: .2em; }
            h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; margin: .8em 0; font-size: .92em; }
            th, td { border: 1px solid #ccc; padding: .3em .6em; }
            th { background: #f2f5f9; text-align: left; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1.2em 0; }
            figure img { max-width: 100%; border: 1px solid #eee; }
            figcaption { color: #555; font-size: .9em; }
            pre { background: #f7f7f7; padding: .8em; overflow-x: auto; font-size: .85em; }
            .note { color: #666; font-size: .92em; }
            """;

    private final String title;
    private final StringBuilder body = new StringBuilder();

    public HtmlPage(String title) {
        this.title = title;
        body.append("<h1>").append(escape(title)).append("</h1>\n");
    }

    /** A section heading, level 2 or 3. */
    public HtmlPage heading(int level, String text) {
        int h = Math.max(2, Math.min(3, level));
        body.append("<h").append(h).append('>').append(escape(text)).append("</h")
                .append(h).append(">\n");
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A paragraph in a quieter style, for caveats and provenance. */
    public HtmlPage note(String text) {
        body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A two-column table of names and values. */
    public HtmlPage facts(Map<String, String> facts) {
        body.append("<table>\n");
        facts.forEach((name, value) -> body.append("<tr><th>").append(escape(name))
                .append("</th><td>").append(escape(value)).append("</td></tr>\n"));
        body.append("</table>\n");
        return this;
    }

    /** A table; cells that read as numbers are right-aligned. */
    public HtmlPage table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        header.forEach(cell -> body.append("<th>").append(escape(cell)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                body.append(numeric(cell) ? "<td class=\"number\">" : "<td>")
                        .append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** The figure's PNG inline, with its caption. */
    public HtmlPage figure(Figure figure) {
        body.append("<figure><img alt=\"").append(escape(figure.caption()))
                .append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(figure.png()))
                .append("\"><figcaption>").append(escape(figure.caption()))
                .append("</figcaption></figure>\n");
        return this;
    }

    /** Preformatted text folded away under a one-line summary. */
    public HtmlPage folded(String summary, String text) {
        body.append("<details><summary>").append(escape(summary)).append("</summary><pre>")
                .append(escape(text)).append("</pre></details>\n");
        return this;
    }

    /** The complete document. */
    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n"
                + "</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static boolean numeric(String cell) {
        return cell.matches("[-+]?[0-9][0-9.,]*( ?± ?[0-9.]+)?%?( \\(.*\\))?");
    }
}
