package io.conclave.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketFrameHandlerTest {
  private final ControlCodec codec = new ControlCodec(4096);
  private final List<WebSocketFrame> inputs = new ArrayList<>();
  private EmbeddedChannel channel;

  @BeforeEach
  void handshake() {
    channel = new EmbeddedChannel(new WebSocketFrameHandler(codec, 2048, new RateLimit(1, 4), new RateLimit(1, 4),
        Duration.ofSeconds(5)));
    channel.pipeline().fireUserEventTriggered(
        new WebSocketServerProtocolHandler.HandshakeComplete("/ws", EmptyHttpHeaders.INSTANCE, null));
  }

  @AfterEach
  void everythingReleased() {
    channel.finishAndReleaseAll();
    assertThat(inputs).allSatisfy(f -> assertThat(f.refCnt()).as("input frame released").isZero());
  }

  private <F extends WebSocketFrame> F in(F frame) {
    inputs.add(frame);
    channel.writeInbound(frame);
    return frame;
  }

  private TextWebSocketFrame text(String json) {
    return in(new TextWebSocketFrame(json));
  }

  private BinaryWebSocketFrame media(int size) {
    byte[] f = new byte[size];
    new MediaFrameHeader(Track.AUDIO, false, 0, 0, 1).encodeTo(f, 0);
    return in(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(f)));
  }

  private int closeCode() {
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
    CloseWebSocketFrame close = (CloseWebSocketFrame) out;
    try {
      return close.statusCode();
    } finally {
      close.release();
    }
  }

  @Test
  void decodesControlMessagesForTheNextHandler() {
    text("{\"v\":1,\"type\":\"hello\",\"meeting\":\"m1\"}");
    assertThat((Object) channel.readInbound()).isEqualTo(new ClientMessage.Hello("m1", null));
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void malformedJsonClosesWith4400AndLaterFramesAreDropped() {
    text("{\"v\":1,\"type\":");
    assertThat(closeCode()).isEqualTo(CloseCode.MALFORMED.code());
    text("{\"v\":1,\"type\":\"bye\"}");
    media(100);
    assertThat((Object) channel.readInbound()).isNull();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void theClientsAnswerToOurCloseEndsTheConnectionWithoutASecondCloseFrame() {
    media(100);
    assertThat(closeCode()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
    in(new CloseWebSocketFrame(CloseCode.OUT_OF_ORDER.code(), "answer"));
    assertThat((Object) channel.readOutbound()).as("a second close frame").isNull();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aClientsCloseIsAnsweredOnceWithItsCode() {
    in(new CloseWebSocketFrame(1000, "left"));
    assertThat(closeCode()).isEqualTo(1000);
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void mediaBeforeHelloClosesWith4409() {
    media(100);
    assertThat(closeCode()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
  }

  @Test
  void oversizedMediaClosesWith4413() {
    media(3000);
    assertThat(closeCode()).isEqualTo(CloseCode.TOO_LARGE.code());
  }

  @Test
  void tooManyMessagesCloseWith4429() {
    for (int i = 0; i < 4; i++) {
      text("{\"v\":1,\"type\":\"bye\"}");
    }
    assertThat((Object) channel.readOutbound()).isNull();
    text("{\"v\":1,\"type\":\"bye\"}");
    assertThat(closeCode()).isEqualTo(CloseCode.RATE_LIMITED.code());
    for (Object m; (m = channel.readInbound()) != null; ) {
      assertThat(m).isInstanceOf(ClientMessage.Bye.class);
    }
  }

  @Test
  void silenceClosesWith4408() {
    channel.advanceTimeBy(6, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(closeCode()).isEqualTo(CloseCode.HELLO_TIMEOUT.code());
  }

  @Test
  void aGreetedConnectionDoesNotTimeOut() {
    text("{\"v\":1,\"type\":\"hello\",\"meeting\":\"m1\"}");
    channel.advanceTimeBy(6, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat((Object) channel.readInbound()).isNotNull();
  }

  @Test
  void oversizedOrMalformedWebSocketInputIsTheClientsFaultNotAServerError() {
    assertThat(WebSocketFrameHandler.closeCodeFor(new TooLongFrameException("fragments over the limit")))
        .isEqualTo(CloseCode.TOO_LARGE);
    assertThat(WebSocketFrameHandler.closeCodeFor(
        new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG, "frame over the limit")))
        .isEqualTo(CloseCode.TOO_LARGE);
    assertThat(WebSocketFrameHandler.closeCodeFor(
        new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, "unmasked")))
        .isEqualTo(CloseCode.MALFORMED);
    assertThat(WebSocketFrameHandler.closeCodeFor(new IllegalStateException("bug")))
        .isEqualTo(CloseCode.SERVER_ERROR);
  }
}
