package io.billing.ledger.server.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;

import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/** The JSON factory of request bodies: {@link InputLimits}, strict duplicate detection, every parser checked. */
final class RequestBodyJsonFactory extends JsonFactory {

    RequestBodyJsonFactory() {
        super();
        setStreamReadConstraints(InputLimits.READ);
        setStreamWriteConstraints(InputLimits.WRITE);
        enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private RequestBodyJsonFactory(RequestBodyJsonFactory source, ObjectCodec codec) {
        super(source, codec);
    }

    @Override
    public JsonFactory copy() {
        return new RequestBodyJsonFactory(this, null);
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext context) throws IOException {
        return new RequestBodyParser(super._createParser(in, context));
    }

    @Override
    protected JsonParser _createParser(Reader reader, IOContext context) throws IOException {
        return new RequestBodyParser(super._createParser(reader, context));
    }

    @Override
    protected JsonParser _createParser(char[] data, int offset, int length, IOContext context, boolean recyclable)
            throws IOException {
        return new RequestBodyParser(super._createParser(data, offset, length, context, recyclable));
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int length, IOContext context) throws IOException {
        return new RequestBodyParser(super._createParser(data, offset, length, context));
    }

    @Override
    protected JsonParser _createParser(DataInput input, IOContext context) throws IOException {
        return new RequestBodyParser(super._createParser(input, context));
    }
}
