package sandbox.secrets.internal.dotenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotenvTest {

    private static Map<String, String> parse(String text) throws Dotenv.SyntaxError {
        return Dotenv.parse(text.getBytes(StandardCharsets.UTF_8)).values();
    }

    @Test
    void readsTheDotenvForms() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("A", "plain");
        expected.put("B", "exported");
        expected.put("C", "single $HOME \\n \"literal");
        expected.put("D", "double \" \\ \n $ end");
        expected.put("E", "");
        expected.put("F", "value");
        expected.put("G", "a#b");
        String text = "# comment\n"
                + "A=plain\n"
                + "\n"
                + "export B=exported\n"
                + "C='single $HOME \\n \"literal'\n"
                + "D=\"double \\\" \\\\ \\n \\$ end\" # trailing comment\n"
                + "E=\n"
                + "  F = value # comment\n"
                + "G=a#b\r\n";
        assertEquals(expected, parse(text));
    }

    @Test
    void errorsNameTheLine() {
        assertLine(2, "A=1\nnot an assignment\n");
        assertLine(1, "9A=1\n");
        assertLine(3, "A=1\n#\nB='open\n");
        assertLine(1, "A=\"open\n");
        assertLine(1, "A='x' y\n");
        assertLine(1, "A=x\"y\n");
        assertLine(2, "A=1\nA=2\n");
        assertLine(1, "A=\u00ff".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void keepsLinesForByteExactRewrites() throws Exception {
        Dotenv.Document d = Dotenv.parse("A=1\r\n#x\nB=2".getBytes(StandardCharsets.UTF_8));
        assertEquals(java.util.List.of("A=1\r", "#x", "B=2"), d.lines());
        assertEquals(false, d.endsWithNewline());
        assertEquals(3, d.entries().get(1).line());
    }

    private static void assertLine(int line, String text) {
        assertLine(line, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertLine(int line, byte[] bytes) {
        Dotenv.SyntaxError e = assertThrows(Dotenv.SyntaxError.class, () -> Dotenv.parse(bytes));
        assertEquals(line, e.line(), e.getMessage());
    }
}
