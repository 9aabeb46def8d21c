/** Text encodings a CSV may arrive in: UTF-8 (with or without BOM) or GB18030/GBK (what Excel in China writes). */
export type TextEncoding = 'utf8' | 'gb18030';
