package io.mailmesh.examples.files;

import io.mailmesh.examples.ExampleRoutes;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.orders.Reply;
import io.nats.client.Connection;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import jakarta.inject.Inject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** The files worker: reads an image the client stored, stores a thumbnail at most {@value #EDGE} px wide and high. */
public final class ThumbnailMaker implements HandlerSet {
    public static final int EDGE = 128;
    /** Decoding is in memory: a larger object is refused before it is read. */
    public static final long MAX_BYTES = 64L << 20;

    private final Connection connection;

    @Inject
    public ThumbnailMaker(Connection connection) {
        this.connection = connection;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(ExampleRoutes.FILES, Thumbnail.KIND, (order, context) -> {
            String name = order.objectName();
            if (!FilesBucket.NAME.matcher(name).matches()) {
                throw OrderFailedException.rejected("bad_name", "object_name must match " + FilesBucket.NAME);
            }
            ObjectStore files = FilesBucket.open(connection);
            ObjectInfo info = files.getInfo(name);
            if (info == null || info.isDeleted()) {
                throw OrderFailedException.notFound("no_such_file", "no file named " + name);
            }
            if (info.getSize() > MAX_BYTES) {
                throw OrderFailedException.rejected("too_large", "images over " + MAX_BYTES + " bytes are refused");
            }
            ByteArrayOutputStream original = new ByteArrayOutputStream((int) info.getSize());
            files.get(name, original);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(original.toByteArray()));
            if (image == null) {
                throw OrderFailedException.rejected("not_an_image", name + " is no image ImageIO can read");
            }
            BufferedImage thumbnail = shrink(image);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(thumbnail, "png", png);
            String thumbnailName = name + ".thumb.png";
            files.put(thumbnailName, png.toByteArray());
            return Reply.ok("thumbnail stored", Map.of("thumbnail", thumbnailName,
                    "width", String.valueOf(thumbnail.getWidth()), "height", String.valueOf(thumbnail.getHeight())));
        }));
    }

    private static BufferedImage shrink(BufferedImage image) {
        double scale = Math.min(1.0, (double) EDGE / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = out.createGraphics();
        // bilinear: a fraction of SCALE_SMOOTH's cost, which took seconds on a multi-MiB photo
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, width, height, null);
        graphics.dispose();
        return out;
    }
}
