package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligns tab-separated text the way Go's text/tabwriter does with docker's settings
 * (minwidth 10, padding 3, spaces): a cell ends at a tab; the text after a line's last tab is
 * not aligned; a column's width holds for a block of consecutive lines that have that column.
 */
public final class TableWriter {
    private final int minWidth;
    private final int padding;

    public TableWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** docker's table settings. */
    public static TableWriter docker() {
        return new TableWriter(10, 3);
    }

    public String format(String text) {
        if (text.isEmpty()) {
            return "";
        }
        boolean trailingNewline = text.endsWith("\n");
        String body = trailingNewline ? text.substring(0, text.length() - 1) : text;
        List<String[]> lines = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            lines.add(line.split("\t", -1));
        }
        StringBuilder out = new StringBuilder();
        format(lines, new ArrayList<>(), 0, lines.size(), out);
        if (!trailingNewline) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private void format(List<String[]> lines, List<Integer> widths, int line0, int line1, StringBuilder out) {
        int column = widths.size();
        int from = line0;
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).length - 1) {
                continue;
            }
            writeLines(lines, widths, from, current, out);
            from = current;
            int width = minWidth;
            for (; current < line1; current++) {
                String[] line = lines.get(current);
                if (column >= line.length - 1) {
                    break;
                }
                width = Math.max(width, displayWidth(line[column]) + padding);
            }
            widths.add(width);
            format(lines, widths, from, current, out);
            widths.removeLast();
            from = current;
            current--;
        }
        writeLines(lines, widths, from, line1, out);
    }

    private static void writeLines(List<String[]> lines, List<Integer> widths, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                out.append(cells[j]);
                if (j < widths.size() && j < cells.length - 1) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - displayWidth(cells[j]))));
                }
            }
            out.append('\n');
        }
    }

    static int displayWidth(String s) {
        return s.codePointCount(0, s.length());
    }

    @Override
    public String toString() {
        return "TableWriter" + Arrays.asList(minWidth, padding);
    }
}
