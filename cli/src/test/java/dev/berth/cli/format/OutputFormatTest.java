package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputFormatTest {

    @Test
    void sizesInDockerUnits() {
        assertEquals("4.29MB", Humanize.size(4_290_000));
        assertEquals("1kB", Humanize.size(1000));
        assertEquals("999B", Humanize.size(999));
        assertEquals("0B", Humanize.size(0));
        assertEquals("123MB", Humanize.size(123_456_789));
        assertEquals("1.5GB", Humanize.size(1.5e9));
        assertEquals("1e+03kB", Humanize.size(999_999));
        assertEquals("12.3kB", Humanize.size(12_345));
        assertEquals("1.5KiB", Humanize.binarySize(1536));
        assertEquals("1.953GiB", Humanize.binarySize(2_097_152_000L));
    }

    @Test
    void durationsLikeGoUnits() {
        assertEquals("Less than a second", Humanize.duration(Duration.ofMillis(400)));
        assertEquals("1 second", Humanize.duration(Duration.ofSeconds(1)));
        assertEquals("59 seconds", Humanize.duration(Duration.ofSeconds(59)));
        assertEquals("About a minute", Humanize.duration(Duration.ofSeconds(90)));
        assertEquals("2 minutes", Humanize.duration(Duration.ofMinutes(2)));
        assertEquals("About an hour", Humanize.duration(Duration.ofMinutes(89)));
        assertEquals("2 hours", Humanize.duration(Duration.ofMinutes(91)));
        assertEquals("47 hours", Humanize.duration(Duration.ofHours(47)));
        assertEquals("2 days", Humanize.duration(Duration.ofHours(48)));
        assertEquals("2 weeks", Humanize.duration(Duration.ofDays(14)));
        assertEquals("3 months", Humanize.duration(Duration.ofDays(100)));
        assertEquals("2 years", Humanize.duration(Duration.ofDays(800)));
        assertEquals("2 minutes ago", Humanize.ago(Duration.ofSeconds(150)));
    }

    @Test
    void ellipsis() {
        assertEquals("\"sh -c 'while true; …\"", "\"" + Humanize.ellipsis("sh -c 'while true; do :; done'", 20) + "\"");
        assertEquals("short", Humanize.ellipsis("short", 20));
    }

    @Test
    void tabwriterAlignsLikeDocker() {
        String out = TableWriter.docker().format("REPOSITORY\tTAG\tIMAGE ID\nbusybox\tlatest\t0123456789ab\nacc/a-much-longer-name\t1.0\tba9876543210\n");
        assertEquals("""
                REPOSITORY               TAG       IMAGE ID
                busybox                  latest    0123456789ab
                acc/a-much-longer-name   1.0       ba9876543210
                """, out);
        assertEquals("a\n", TableWriter.docker().format("a\n"));
        assertEquals("", TableWriter.docker().format(""));
        // columns hold only for consecutive lines that have them
        assertEquals("x         y\nlonely\nlong-cell   z\n", TableWriter.docker().format("x\ty\nlonely\nlong-cell\tz\n"));
    }

    @Test
    void tableFormatPrintsHeaderAndEscapes() {
        OutputFormat format = OutputFormat.parse("table {{.Name}}\\t{{.Status}}", "table {{.X}}");
        Row header = Row.header(Map.of("Name", "NAMES", "Status", "STATUS"));
        Row row = Row.of("row").put("Name", () -> "acc-ticker").put("Status", () -> "Up 2 seconds");
        assertEquals("NAMES        STATUS\nacc-ticker   Up 2 seconds\n", format.render(List.of(row), header));
    }

    @Test
    void plainFormatHasNoHeader() {
        OutputFormat format = OutputFormat.parse("{{.Name}} {{.Status}}", "table {{.X}}");
        Row row = Row.of("row").put("Name", () -> "a").put("Status", () -> "Created");
        assertEquals("a Created\na Created\n", format.render(List.of(row, row), Row.header(Map.of())));
    }

    @Test
    void defaultTableWhenNoFormatOrBareTable() {
        Row header = Row.header(Map.of("X", "EX"));
        Row row = Row.of("row").put("X", () -> "1");
        assertEquals("EX\n1\n", OutputFormat.parse(null, "table {{.X}}").render(List.of(row), header));
        assertEquals("EX\n1\n", OutputFormat.parse("table", "table {{.X}}").render(List.of(row), header));
        assertEquals("EX\n", OutputFormat.parse(null, "table {{.X}}").render(List.of(), header));
        assertEquals("EX\n1\n", OutputFormat.parse("table{{.X}}", "table {{.Y}}").render(List.of(row), header));
    }
}
