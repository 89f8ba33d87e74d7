package io.dataplug.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs an Argo CD resource health script (Lua) the way Argo CD does — the resource as the global {@code obj}, the
 * chunk returning {@code {status, message}} — under a real Lua 5.1 interpreter ({@code lua5.1}; Argo CD's
 * gopher-lua implements Lua 5.1).
 */
public final class ArgoCdHealth {

    public record Health(String status, String message) {
    }

    public static final String INTERPRETER = "lua5.1";

    private ArgoCdHealth() {
    }

    /** Skips (or, where lua5.1 is mandatory, fails) the calling test without the Debian package lua5.1. */
    public static void assumeInstalled() {
        ExternalTools.require(INTERPRETER);
    }

    /** One verdict per object, in order. @throws IllegalStateException when the script does not load or fails */
    public static List<Health> evaluate(String script, List<JsonNode> objects) {
        StringBuilder lua = new StringBuilder();
        lua.append("local chunk = assert(loadstring(").append(longString(script)).append(", 'health'))\n");
        lua.append("local objects = {\n");
        for (JsonNode o : objects) {
            lua.append("  ").append(toLua(o)).append(",\n");
        }
        lua.append("}\n");
        lua.append("""
                local function clean(s) return (string.gsub(tostring(s), "[\\t\\n]", " ")) end
                for i = 1, #objects do
                  obj = objects[i]
                  local ok, hs = pcall(chunk)
                  if not ok then error("object " .. i .. ": " .. tostring(hs)) end
                  io.write(clean(hs.status), "\\t", clean(hs.message), "\\n")
                end
                """);
        List<Health> out = new ArrayList<>();
        List<String> lines = ExternalTools.lines(ExternalTools.pipe(lua.toString().getBytes(StandardCharsets.UTF_8), INTERPRETER, "-"));
        for (String line : lines) {
            String[] f = line.split("\t", 2);
            out.add(new Health(f[0], f.length > 1 ? f[1] : ""));
        }
        if (out.size() != objects.size()) {
            throw new IllegalStateException("expected " + objects.size() + " verdicts, got: " + lines);
        }
        return out;
    }

    /** A Lua table constructor for a JSON value (JSON null becomes nil, as in Argo CD). */
    static String toLua(JsonNode n) {
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    sb.append('[').append(quote(e.getKey())).append("] = ").append(toLua(e.getValue())).append(", ");
                }
            }
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder("{");
            n.forEach(v -> sb.append(toLua(v)).append(", "));
            return sb.append('}').toString();
        }
        if (n.isNumber() || n.isBoolean()) {
            return n.asText();
        }
        return n.isNull() ? "nil" : quote(n.asText());
    }

    /** A Lua string literal: printable ASCII as is, every other byte as a decimal escape. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append('\\').append(String.format("%03d", c));
            }
        }
        return sb.append('"').toString();
    }

    private static String longString(String s) {
        String eq = "=";
        while (s.contains("]" + eq + "]")) {
            eq += "=";
        }
        return "[" + eq + "[\n" + s + "]" + eq + "]";
    }
}
