package org.constcl.transforms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Readers of constcl's Parquet records that share no code with its writer: DuckDB (C++, through
 * JDBC) and Apache parquet-cli 1.15.2 (run as its own process by {@code infra/parquet-cli.sh}, so
 * that its Parquet version is its own, not the one constcl writes with).
 */
public final class IndependentReaders {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndependentReaders() {}

  /** Each row DuckDB returns for {@code sql}, its columns joined with '|'. */
  public static List<String> duckDb(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int c = 1; c <= n; c++) {
          sb.append(c > 1 ? "|" : "").append(rs.getString(c));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  /** Every row of {@code file} as parquet-cli's {@code cat} prints it, restricted to {@code columns}. */
  public static List<JsonNode> parquetCli(Path file, String columns) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("infra/parquet-cli.sh").toAbsolutePath();
    Process p = new ProcessBuilder("bash", script.toString(), "cat", "-c", columns, file.toString())
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("parquet-cli cat " + file + " failed: " + new String(err, StandardCharsets.UTF_8)
          + new String(out, StandardCharsets.UTF_8));
    }
    List<JsonNode> rows = new ArrayList<>();
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("{")) {
        rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }
}
