package io.mailmesh.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.examples.files.FilesBucket;
import io.mailmesh.examples.files.Thumbnail;
import io.mailmesh.examples.files.ThumbnailMaker;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.Reply;
import io.nats.client.Connection;
import io.nats.client.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Files through NATS' object store, with the files worker's and client's own credentials (operator mode). */
class FilesTest {
    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();
    static MeshRuntime worker;
    static MeshRuntime client;
    static Connection clientConnection;

    @BeforeAll
    static void start() throws Exception {
        worker = MeshApp.start(Clients.config(ExampleRoutes.FILES_WORKER, nats, true),
                Worker.of(ThumbnailMaker.class));
        client = MeshApp.start(Clients.config(ExampleRoutes.FILES_CLIENT, nats, true));
        clientConnection = client.get(Connection.class);
    }

    @AfterAll
    static void stop() {
        client.close();
        worker.close();
    }

    @Test
    void givenAFileOfSeveralMiB_whenStoredAndFetchedBack_thenTheBytesAreTheSame() throws Exception {
        byte[] original = new byte[5 << 20];
        new Random(20).nextBytes(original);
        ObjectStore files = FilesBucket.open(clientConnection);

        files.put("blob.bin", original);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        files.get("blob.bin", back);

        assertThat(back.toByteArray()).isEqualTo(original);
    }

    @Test
    void givenAnImage_whenAThumbnailIsAsked_thenTheClientFetchesA128PixelWideVersion() throws Exception {
        BufferedImage photo = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        Random noise = new Random(1);
        for (int y = 0; y < 1200; y++) {
            for (int x = 0; x < 1600; x++) {
                photo.setRGB(x, y, noise.nextInt());
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(photo, "png", png);
        assertThat(png.size()).isGreaterThan(4 << 20); // noise does not compress: several MiB
        ObjectStore files = FilesBucket.open(clientConnection);
        files.put("photo.png", png.toByteArray());

        Reply reply = client.get(OrderEmitter.class).request(ExampleRoutes.FILES, new Thumbnail("photo.png"),
                Duration.ofSeconds(30));
        assertThat(reply.error()).as(reply.message()).isFalse();
        ByteArrayOutputStream thumbnail = new ByteArrayOutputStream();
        files.get(reply.field("thumbnail"), thumbnail);
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.toByteArray()));

        assertThat(small.getWidth()).isEqualTo(128);
        assertThat(small.getHeight()).isEqualTo(96);
        assertThat(reply.field("width")).isEqualTo("128");
    }

    @Test
    void givenABadNameAMissingFileOrANonImage_whenAThumbnailIsAsked_thenEachGetsANamedError() throws Exception {
        FilesBucket.open(clientConnection).put("notes.txt", "not an image\r\n".getBytes());
        OrderEmitter emitter = client.get(OrderEmitter.class);

        assertThat(emitter.request(ExampleRoutes.FILES, new Thumbnail("../etc/passwd"), Duration.ofSeconds(5))
                .code()).isEqualTo("bad_name");
        assertThat(emitter.request(ExampleRoutes.FILES, new Thumbnail("ghost.png"), Duration.ofSeconds(5))
                .code()).isEqualTo("no_such_file");
        assertThat(emitter.request(ExampleRoutes.FILES, new Thumbnail("notes.txt"), Duration.ofSeconds(5))
                .code()).isEqualTo("not_an_image");
    }
}
