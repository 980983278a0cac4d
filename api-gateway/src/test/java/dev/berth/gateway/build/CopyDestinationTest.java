package dev.berth.gateway.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** COPY/ADD destinations: moby's normalizeDest and the file-or-directory rule. */
class CopyDestinationTest {
    @Test
    void relativeDestinationsJoinTheWorkdirAndKeepTheirSlash() {
        assertEquals("/app", CopyDestination.normalize("/app", "."));
        assertEquals("/app/", CopyDestination.normalize("/app", "./"));
        assertEquals("/app/lib/", CopyDestination.normalize("/app", "lib/"));
        assertEquals("/x", CopyDestination.normalize("", "x"));
        assertEquals("/opt/", CopyDestination.normalize("/app", "/opt/"));
        assertEquals("/opt//x", CopyDestination.normalize("/app", "/opt//x"), "an absolute destination stays as written");
    }

    @Test
    void aFileGoesInsideASlashedOrExistingDirectoryElseIsTheDestination() {
        assertEquals("/app/app.py", CopyDestination.fileTarget("/app/", "app.py", false));
        assertEquals("/app/inner.txt", CopyDestination.fileTarget("/app", "sub/inner.txt", true));
        assertEquals("/app", CopyDestination.fileTarget("/app", "app.py", false));
        assertEquals("/app.py", CopyDestination.fileTarget("/", "app.py", true));
        assertEquals("/etc/conf", CopyDestination.fileTarget("/etc//conf", "x", false));
    }

    @Test
    void directoriesAreCleanAbsolutePaths() {
        assertEquals("/opt", CopyDestination.directory("/opt/"));
        assertEquals("/", CopyDestination.directory("/"));
        assertTrue(CopyDestination.endsInSlash("/opt/"));
        assertFalse(CopyDestination.endsInSlash("/opt"));
    }
}
