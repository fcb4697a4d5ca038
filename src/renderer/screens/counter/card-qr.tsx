import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/**
 * The card's QR code: it carries the card id (never the number), which the counter's search opens.
 * Drawn as SVG into an <img> (data: URI), which the strict CSP allows and a printer prints sharply.
 */
export function CardQr({ payload, label, size = 168 }: { payload: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(payload, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#111111', light: '#ffffff' } }).then(
      (svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      },
      () => {
        if (live) setSrc(null);
      },
    );
    return () => {
      live = false;
    };
  }, [payload]);
  return src ? <img className="card-qr" src={src} width={size} height={size} alt={label} data-payload={payload} /> : <div className="card-qr card-qr--empty" style={{ width: size, height: size }} aria-hidden="true" />;
}
