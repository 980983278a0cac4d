package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoTemplateTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final Map<String, Object> CONTAINER = map(
            "Id", "abc123",
            "Name", "/acc-c1",
            "State", map("Status", "exited", "ExitCode", 0L, "Running", false, "Pid", 0L),
            "Config", map("Env", List.of("PATH=/bin", "A=B"), "Labels", map("b", "2", "a", "1"), "Tty", false,
                    "Cmd", List.of("echo", "hi"), "Volumes", null, "User", "1000", "WorkingDir", "/app"),
            "RepoTags", List.of("busybox:latest", "acc/bb:1.0"),
            "Size", 4290000L,
            "Ratio", new BigDecimal("0.5"),
            "Mounts", List.of(map("Type", "volume", "Destination", "/data"), map("Type", "bind", "Destination", "/x")),
            "Empty", List.of(),
            "Text", "Hello World");

    private static String run(String template) {
        return GoTemplate.parse(template).execute(CONTAINER);
    }

    @Test
    void fieldsAndNestedFields() {
        assertEquals("abc123", run("{{.Id}}"));
        assertEquals("exited 0", run("{{.State.Status}} {{.State.ExitCode}}"));
        assertEquals("1000 /app", run("{{.Config.User}} {{.Config.WorkingDir}}"));
        assertEquals("plain text", run("plain text"));
        assertEquals("x\ty", run("x\ty"));
    }

    @Test
    void printsValuesLikeGo() {
        assertEquals("[PATH=/bin A=B]", run("{{.Config.Env}}"));
        assertEquals("map[a:1 b:2]", run("{{.Config.Labels}}"));
        assertEquals("false", run("{{.State.Running}}"));
        assertEquals("4290000", run("{{.Size}}"));
        assertEquals("0.5", run("{{.Ratio}}"));
        assertEquals("<no value>", run("{{.Missing}}"));
        assertEquals("<no value>", run("{{.Config.Volumes}}"));
        assertEquals("[]", run("{{.Empty}}"));
        assertEquals("[map[Destination:/data Type:volume] map[Destination:/x Type:bind]]", run("{{.Mounts}}"));
    }

    @Test
    void jsonFunction() {
        assertEquals("[\"busybox:latest\",\"acc/bb:1.0\"]", run("{{json .RepoTags}}"));
        assertEquals("{\"b\":\"2\",\"a\":\"1\"}", run("{{json .Config.Labels}}"));
        assertEquals("null", run("{{json .Config.Volumes}}"));
        assertEquals("\"exited\"", run("{{json .State.Status}}"));
        assertEquals("{\"Status\":\"exited\",\"ExitCode\":0,\"Running\":false,\"Pid\":0}", run("{{json .State}}"));
        assertEquals("\"<a&b>\"", GoTemplate.parse("{{json .}}").execute("<a&b>"));
    }

    @Test
    void rangeOverListsAndMaps() {
        assertEquals("volume /data,bind /x,", run("{{range .Mounts}}{{.Type}} {{.Destination}},{{end}}"));
        assertEquals("a=1 b=2 ", run("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}} {{end}}"));
        assertEquals("0:echo 1:hi ", run("{{range $i, $e := .Config.Cmd}}{{$i}}:{{$e}} {{end}}"));
        assertEquals("none", run("{{range .Empty}}x{{else}}none{{end}}"));
        assertEquals("", run("{{range .Config.Volumes}}x{{end}}"));
        assertEquals("abc123abc123", run("{{range .Config.Cmd}}{{$.Id}}{{end}}"));
    }

    @Test
    void conditionalsAndWith() {
        assertEquals("stopped", run("{{if .State.Running}}running{{else}}stopped{{end}}"));
        assertEquals("exited!", run("{{if eq .State.Status \"running\"}}r{{else if eq .State.Status \"exited\"}}exited!{{else}}?{{end}}"));
        assertEquals("1000", run("{{with .Config}}{{.User}}{{end}}"));
        assertEquals("no volumes", run("{{with .Config.Volumes}}{{.}}{{else}}no volumes{{end}}"));
        assertEquals("yes", run("{{if and .Id (not .State.Running)}}yes{{end}}"));
        assertEquals("abc123", run("{{or .Missing .Id}}"));
    }

    @Test
    void functions() {
        assertEquals("echo,hi", run("{{join .Config.Cmd \",\"}}"));
        assertEquals("1", run("{{index .Config.Labels \"a\"}}"));
        assertEquals("hi", run("{{index .Config.Cmd 1}}"));
        assertEquals("HELLO WORLD hello world", run("{{upper .Text}} {{lower .Text}}"));
        assertEquals("HELLO WORLD", run("{{.Text | upper}}"));
        assertEquals("[a b c]", run("{{split \"a,b,c\" \",\"}}"));
        assertEquals("2", run("{{len .Config.Env}}"));
        assertEquals("Hel", run("{{truncate .Text 3}}"));
        assertEquals(" x  ", run("{{pad \"x\" 1 2}}"));
        assertEquals("Hello World", run("{{title \"hello world\"}}"));
        assertEquals("id=abc123 n=7 q=\"a\\\"b\" pct=50%", run("{{printf \"id=%s n=%d q=%q pct=50%%\" .Id 7 \"a\\\"b\"}}"));
        assertEquals("abc123   |", run("{{printf \"%-9s|\" .Id}}"));
        assertEquals("true false true", run("{{lt 1 2}} {{gt 1 2}} {{ne .Id \"x\"}}"));
        assertEquals("abc123 7\n", run("{{println .Id 7}}"));
        assertEquals("xyz", run("{{print \"x\" \"y\" \"z\"}}"));
        assertEquals("/acc-c1 acc-c1", run("{{.Name}} {{slice .Name 1}}"));
        assertEquals("4", run("{{len (index .Config.Env 1 | printf \"%s-\")}}"));
    }

    @Test
    void variablesAndTrimMarkers() {
        assertEquals("exited", run("{{$s := .State.Status}}{{$s}}"));
        assertEquals("a-b", run("a  {{- \"-\" -}}  b"));
        assertEquals("x", run("{{/* a comment */}}x"));
        assertEquals("1 2", run("{{$x := 1}}{{$x}} {{$x = 2}}{{$x}}"));
        assertEquals("exited", run("{{(.State).Status}}"));
    }

    @Test
    void methodsOnFieldSources() {
        Row row = Row.of("*formatter.ContainerContext").put("Names", () -> "acc-c1")
                .put("Label", () -> (TemplateMethod) args -> "v-" + args.getFirst());
        assertEquals("acc-c1 v-app", GoTemplate.parse("{{.Names}} {{.Label \"app\"}}").execute(row));
        TemplateException e = assertThrows(TemplateException.class, () -> GoTemplate.parse("{{.Nope}}").execute(row));
        assertTrue(e.getMessage().contains("can't evaluate field Nope in type *formatter.ContainerContext"), e.getMessage());
        assertEquals("{\"Names\":\"acc-c1\"}", GoTemplate.parse("{{json .}}").execute(row));
    }

    @Test
    void parseErrorsReadLikeGo() {
        assertEquals("template: :1: function \"nope\" not defined",
                assertThrows(TemplateException.class, () -> GoTemplate.parse("{{nope .Id}}")).getMessage());
        assertThrows(TemplateException.class, () -> GoTemplate.parse("{{.Id"));
        assertThrows(TemplateException.class, () -> GoTemplate.parse("{{if .Id}}x"));
        assertThrows(TemplateException.class, () -> GoTemplate.parse("{{end}}"));
        assertThrows(TemplateException.class, () -> GoTemplate.parse("{{\"unterminated}}"));
        assertThrows(TemplateException.class, () -> GoTemplate.parse("{{}}"));
    }

    @Test
    void executionErrors() {
        assertTrue(assertThrows(TemplateException.class, () -> run("{{.Missing.Deeper}}")).getMessage().contains("nil pointer"));
        assertTrue(assertThrows(TemplateException.class, () -> run("{{.Id.Deeper}}")).getMessage().contains("can't evaluate field Deeper in type string"));
        assertThrows(TemplateException.class, () -> run("{{index .Config.Cmd 5}}"));
        assertThrows(TemplateException.class, () -> run("{{.Id 1}}"));
        assertThrows(TemplateException.class, () -> run("{{$undefined}}"));
    }

    @Test
    void missingKeyErrorModeLikeDockerInspect() {
        assertEquals("exited", GoTemplate.parse("{{.State.Status}}").execute(CONTAINER, true));
        assertEquals("<no value>", GoTemplate.parse("{{.Config.Volumes}}").execute(CONTAINER, true));
        TemplateException e = assertThrows(TemplateException.class, () -> GoTemplate.parse("{{.State.Nope}}").execute(CONTAINER, true));
        assertTrue(e.getMessage().endsWith("map has no entry for key \"Nope\""), e.getMessage());
    }

    @Test
    void jsonOfARowIsSortedAndHtmlEscapedLikeGoMarshal() {
        Row row = Row.of("r").put("Ports", () -> "1.2.3.4:80->80/tcp").put("ID", () -> "x")
                .put("Label", () -> (TemplateMethod) args -> "");
        assertEquals("{\"ID\":\"x\",\"Ports\":\"1.2.3.4:80-\\u003e80/tcp\"}", GoTemplate.parse("{{json .}}").execute(row));
        assertEquals("\"a->b\"", GoTemplate.parse("{{json .}}").execute("a->b"));
    }

    @Test
    void goNumberFormatting() {
        assertEquals("1e+21", GoValues.formatNumber(1e21));
        assertEquals("1.5e-07", GoValues.formatNumber(1.5e-7));
        assertEquals("123456.7", GoValues.formatNumber(123456.7));
        assertEquals("3", GoValues.formatNumber(3.0));
        assertEquals("<nil>", GoValues.format(null));
        List<Object> withNull = new ArrayList<>(Arrays.asList("a", null));
        assertEquals("[a <nil>]", GoValues.format(withNull));
    }

    @Test
    void indentedJsonLikeDockerInspect() {
        Object value = List.of(map("Id", "x", "Args", List.of(), "Labels", map(), "Env", List.of("A=B"), "N", 1L, "Null", null));
        assertEquals("""
                [
                    {
                        "Id": "x",
                        "Args": [],
                        "Labels": {},
                        "Env": [
                            "A=B"
                        ],
                        "N": 1,
                        "Null": null
                    }
                ]""", JsonText.indented(value, "    "));
        assertEquals("[]", JsonText.indented(List.of(), "    "));
    }
}
