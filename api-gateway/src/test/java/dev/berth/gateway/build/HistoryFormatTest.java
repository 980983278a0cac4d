package dev.berth.gateway.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.dockerfile.instruction.HealthConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history texts as Docker 20.10's classic builder writes them. */
class HistoryFormatTest {
    @Test
    void configStepsUseTheTwoWordNopComment() {
        List<String> cmd = HistoryFormat.nopCommand(List.of("/bin/sh", "-c"), "CMD " + HistoryFormat.quotedList(List.of("sh")));
        assertEquals(List.of("/bin/sh", "-c", "#(nop) ", "CMD [\"sh\"]"), cmd);
        assertEquals("/bin/sh -c #(nop)  CMD [\"sh\"]", HistoryFormat.createdBy(cmd));
    }

    @Test
    void workdirCopyAndAddUseTheOneWordNopComment() {
        assertEquals("/bin/sh -c #(nop) WORKDIR /app",
                HistoryFormat.createdBy(HistoryFormat.nopCommandString(List.of("/bin/sh", "-c"), "WORKDIR /app")));
        assertEquals("COPY file:abc in /app/ ", HistoryFormat.copyComment("COPY", "", "file:abc", "/app/"));
        assertEquals("ADD --chown=1:2dir:abc in . ", HistoryFormat.copyComment("ADD", "1:2", "dir:abc", "."));
    }

    @Test
    void goListFormatting() {
        assertEquals("[\"/bin/sh\" \"-c\"]", HistoryFormat.quotedList(List.of("/bin/sh", "-c")));
        assertEquals("[\"echo $GREETING \\\"x\\\"\"]", HistoryFormat.quotedList(List.of("echo $GREETING \"x\"")));
        assertEquals("[]", HistoryFormat.quotedList(List.of()));
        assertEquals("[/data /logs]", HistoryFormat.plainList(List.of("/data", "/logs")));
    }

    @Test
    void healthcheckIsGosPercentQOfTheStruct() {
        HealthConfig health = new HealthConfig(List.of("CMD-SHELL", "curl -f http://localhost/"), Duration.ofMinutes(5),
                Duration.ofSeconds(3), Duration.ZERO, 3);
        assertEquals("HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost/\"] \"5m0s\" \"3s\" \"0s\" '\\x03'}",
                HistoryFormat.healthcheck(health));
    }

    @Test
    void goDurations() {
        assertEquals("0s", HistoryFormat.goDuration(Duration.ZERO));
        assertEquals("1.5s", HistoryFormat.goDuration(Duration.ofMillis(1500)));
        assertEquals("300ms", HistoryFormat.goDuration(Duration.ofMillis(300)));
        assertEquals("1h0m0s", HistoryFormat.goDuration(Duration.ofHours(1)));
        assertEquals("1m30s", HistoryFormat.goDuration(Duration.ofSeconds(90)));
    }
}
