package dev.tokenvault.platform;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Reads an answer of another server (a provider's token endpoint, an issuer's JWKS, a webhook receiver) into
 * memory up to a limit, and fails with {@link TooLarge} past it instead of buffering whatever is sent.
 */
public final class LimitedBody implements BodyCodec<Buffer> {

    /** The limit for answers the service reads: 1 MiB. */
    public static final int MAX_BYTES = 1024 * 1024;

    private final int limit;

    private LimitedBody(int limit) {
        this.limit = limit;
    }

    /** A codec for the Mutiny web client: {@code request.as(LimitedBody.upTo(n))}. */
    public static io.vertx.mutiny.ext.web.codec.BodyCodec<Buffer> upTo(int limit) {
        return io.vertx.mutiny.ext.web.codec.BodyCodec.newInstance(new LimitedBody(limit));
    }

    /** The answer was larger than the limit. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(int limit) {
            super("the answer is larger than " + limit + " bytes", null, false, false);
        }
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> handler) {
        handler.handle(Future.succeededFuture(new Stream(limit)));
    }

    private static final class Stream implements BodyStream<Buffer> {
        private final int limit;
        private final Buffer body = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        Stream(int limit) {
            this.limit = limit;
        }

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (!result.future().isComplete()) {
                if (body.length() + data.length() > limit) {
                    result.tryFail(new TooLarge(limit));
                } else {
                    body.appendBuffer(data);
                }
            }
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            write(data).onComplete(handler);
        }

        @Override
        public Future<Void> end() {
            result.tryComplete(body);
            return Future.succeededFuture();
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            end().onComplete(handler);
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
