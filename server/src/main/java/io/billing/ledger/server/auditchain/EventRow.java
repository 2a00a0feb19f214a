package io.billing.ledger.server.auditchain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code domain_event_entry} exactly as stored, and its canonical bytes: what the audit
 * chain hashes (docs/audit.md, "Tamper evidence", says it byte by byte so that an auditor can
 * recompute it without our code). Every column is covered, so no change to a stored event goes
 * unseen. In this order:
 * <pre>
 * int64  global_index
 * field  event_identifier       (UTF-8)
 * field  aggregate_identifier   (UTF-8)
 * int64  sequence_number
 * field  type                   (UTF-8, may be null)
 * field  payload_type           (UTF-8)
 * field  payload_revision       (UTF-8, may be null)
 * field  time_stamp             (UTF-8, the stored text)
 * field  payload                (the stored bytes)
 * field  meta_data              (the stored bytes, may be null)
 * </pre>
 * where {@code int64} is 8 bytes big-endian (two's complement), and {@code field} is a 4-byte
 * big-endian length followed by that many bytes, or the length -1 ({@code FF FF FF FF}) and no
 * bytes for SQL NULL. The lengths make the encoding unambiguous: no two rows share their bytes.
 */
public record EventRow(long globalIndex,
                       String eventIdentifier,
                       String aggregateIdentifier,
                       long sequenceNumber,
                       String type,
                       String payloadType,
                       String payloadRevision,
                       String timeStamp,
                       byte[] payload,
                       byte[] metaData) {

    /** The columns in the order of {@link #from(ResultSet)}. */
    static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type, "
            + "payload_type, payload_revision, time_stamp, payload, meta_data";

    static EventRow from(ResultSet rs) throws SQLException {
        return new EventRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
    }

    public byte[] canonicalBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + payload.length
                + (metaData == null ? 0 : metaData.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(globalIndex);
            field(out, eventIdentifier);
            field(out, aggregateIdentifier);
            out.writeLong(sequenceNumber);
            field(out, type);
            field(out, payloadType);
            field(out, payloadRevision);
            field(out, timeStamp);
            field(out, payload);
            field(out, metaData);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void field(DataOutputStream out, String text) throws IOException {
        field(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }
}
