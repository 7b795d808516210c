package org.constcl.eval.chart;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** What a chart's SVG holds, read with the JDK's XML parser: its size and every text drawn. */
public record SvgStructure(int width, int height, List<String> texts) {
  public static SvgStructure read(Path svg) throws IOException {
    return parse(Files.readString(svg));
  }

  public static SvgStructure parse(String svg) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      // The SVG 1.1 doctype names a DTD on w3.org: never fetch it.
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
      Element root = doc.getDocumentElement();
      if (!root.getLocalName().equals("svg")) {
        throw new IOException("not an SVG document: root element " + root.getLocalName());
      }
      List<String> texts = new ArrayList<>();
      NodeList nodes = doc.getElementsByTagNameNS("*", "text");
      for (int i = 0; i < nodes.getLength(); i++) {
        texts.add(nodes.item(i).getTextContent());
      }
      return new SvgStructure(px(root.getAttribute("width")), px(root.getAttribute("height")), texts);
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new IOException("cannot parse SVG: " + e.getMessage(), e);
    }
  }

  private static int px(String v) {
    return (int) Math.round(Double.parseDouble(v.replace("px", "")));
  }
}
