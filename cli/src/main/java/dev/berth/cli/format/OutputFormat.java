package dev.berth.cli.format;

import java.util.List;

/**
 * docker's --format handling for lists: "table" or "table TEMPLATE" prints a header row and
 * aligns columns; any other text is a template run once per row. The two-character escapes
 * \t and \n in the format become tab and newline, as docker does.
 */
public final class OutputFormat {
    private final GoTemplate template;
    private final boolean table;

    private OutputFormat(GoTemplate template, boolean table) {
        this.template = template;
        this.table = table;
    }

    /**
     * @param format the user's --format, or null/empty for the default
     * @param defaultTable the command's default, e.g. "table {{.ID}}\t{{.Image}}"
     */
    public static OutputFormat parse(String format, String defaultTable) {
        String text = format == null || format.isEmpty() ? defaultTable : format;
        boolean table = text.startsWith("table");
        if (table) {
            text = text.substring("table".length());
            if (text.isBlank()) {
                text = defaultTable.substring("table".length());
            }
        }
        text = trimSpaces(text).replace("\\t", "\t").replace("\\n", "\n");
        return new OutputFormat(GoTemplate.parse(text), table);
    }

    /** Go's strings.Trim(s, " "), as docker's formatter trims a format: spaces only. */
    private static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(start, end);
    }

    public boolean table() {
        return table;
    }

    /** Renders every row (and the header, for a table); each row ends with a newline. */
    public String render(List<?> rows, Object header) {
        StringBuilder out = new StringBuilder();
        if (table) {
            out.append(template.execute(header)).append('\n');
        }
        for (Object row : rows) {
            out.append(template.execute(row)).append('\n');
        }
        return table ? TableWriter.docker().format(out.toString()) : out.toString();
    }
}
